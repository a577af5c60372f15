import CanonicalOutput
import FlowCore
import SiteKit

// The per-feature downloads (`data/features/*.json`), written by hand: the same bytes as their `Encodable`
// conformances give through `CanonicalJSON` (members in UTF-8 byte order, nil optionals left out), checked against
// `JSONEncoder` for every feature of the demo site.

extension FeatureDossier: CanonicalJSONWritable {
    /// The dossier as in docs/feature-json-format.md.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("descendants")
            b.array(descendants) { b, link in link.writeJSON(to: &b) }
            b.member("evidence", ifPresent: evidence)
            b.key("formatVersion")
            b.int(formatVersion)
            b.member("graph", graph)
            b.member("id", id)
            b.key("labels")
            b.array(labels) { b, label in label.writeJSON(to: &b) }
            b.key("lifespan")
            b.object { b in
                b.member("belowThreshold", ifPresent: lifespan.belowThreshold)
                b.key("birth")
                b.int(lifespan.birth)
                b.member("birthFeature", ifPresent: lifespan.birthFeature)
                b.member("bornAs", ifPresent: lifespan.bornAs?.rawValue)
                b.key("chain")
                b.array(lifespan.chain) { b, id in id.writeJSON(to: &b) }
                b.key("end")
                b.int(lifespan.end)
                b.key("length")
                b.int(lifespan.length)
                b.key("threshold")
                b.float(lifespan.threshold)
            }
            b.key("matches")
            b.object(matches) { b, matches in
                b.array(matches) { b, match in
                    b.object { b in
                        b.key("cosine")
                        b.float(match.cosine)
                        b.member("id", match.id)
                        b.key("rank")
                        b.int(match.rank)
                    }
                }
            }
            b.member("neuronpedia", ifPresent: neuronpedia)
            b.member("originClass", ifPresent: originClass?.rawValue)
            b.key("scores")
            b.object { b in
                b.member("att", ifPresent: scores.att)
                b.member("mlp", ifPresent: scores.mlp)
                b.member("res", ifPresent: scores.res)
            }
            b.member("steering", ifPresent: steering)
            b.member("thresholds", thresholds)
        }
    }
}

extension FeatureDossier.Link: CanonicalJSONWritable {
    /// `{"cosine":…,"id":…}`.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("cosine")
            b.float(cosine)
            b.member("id", id)
        }
    }
}

extension ModuleDossier: CanonicalJSONWritable {
    /// An MLP or attention feature's download.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("claimedBy")
            b.array(claimedBy) { b, link in link.writeJSON(to: &b) }
            b.key("formatVersion")
            b.int(formatVersion)
            b.member("id", id)
            b.key("labels")
            b.array(labels) { b, label in label.writeJSON(to: &b) }
            b.member("neuronpedia", ifPresent: neuronpedia)
        }
    }
}
