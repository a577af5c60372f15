import CanonicalOutput

// Hand-written canonical JSON of the flow types written once per feature page. Members appear in UTF-8 byte order
// of their names; optionals that are nil are left out. Tests compare every writer with `JSONEncoder`.

extension FeatureID: CanonicalJSONWritable {
    /// `{"index":…,"layer":…,"site":…}`.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("index")
            b.int(index)
            b.key("layer")
            b.int(layer)
            b.key("site")
            b.string(hookSite.rawValue)
        }
    }
}

extension ClassThresholds: CanonicalJSONWritable {
    /// `{"att":…,"mlp":…,"res":…}`.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("att")
            b.float(att)
            b.key("mlp")
            b.float(mlp)
            b.key("res")
            b.float(res)
        }
    }
}

extension FeatureLabel: CanonicalJSONWritable {
    /// `{"explainer":…,"source":…,"text":…}`.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.member("explainer", ifPresent: explainer)
            b.key("source")
            b.string(source)
            b.key("text")
            b.string(text)
        }
    }
}

extension FlowGraph: CanonicalJSONWritable {
    /// The graph as in `graph.json` (docs/graph-format.md).
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("descendantsTruncated")
            b.bool(descendantsTruncated)
            b.key("edges")
            b.array(edges) { b, edge in
                b.object { b in
                    b.key("cosine")
                    b.float(edge.cosine)
                    b.member("from", edge.from)
                    b.key("kind")
                    b.string(edge.kind.rawValue)
                    b.member("to", edge.to)
                    b.key("weak")
                    b.bool(edge.weak)
                }
            }
            b.key("nodes")
            b.array(nodes) { b, node in
                b.object { b in
                    b.member("id", node.id)
                    b.member("originClass", ifPresent: node.originClass?.rawValue)
                    b.key("role")
                    b.string(node.role.rawValue)
                }
            }
            b.key("parameters")
            b.object { b in
                b.key("leafThreshold")
                b.float(parameters.leafThreshold)
                b.key("maxDescendants")
                b.int(parameters.maxDescendants)
                b.key("steeringLeafThreshold")
                b.float(parameters.steeringLeafThreshold)
                b.key("strongLink")
                b.float(parameters.strongLink)
            }
            b.member("seed", seed)
            b.key("spine")
            b.array(spine) { b, id in id.writeJSON(to: &b) }
            b.key("steeringSpan")
            b.array { b in
                b.int(steeringSpan.lowerBound)
                b.int(steeringSpan.upperBound)
            }
        }
    }
}

extension SteeringPlan: CanonicalJSONWritable {
    /// The plan as in docs/steering-plan-format.md.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("entries")
            b.array(entries) { b, entry in
                b.object { b in
                    b.key("coefficient")
                    b.float(entry.coefficient)
                    b.key("cosine")
                    b.float(entry.cosine)
                    if let norm = entry.decoderNorm {
                        b.key("decoderNorm")
                        b.float(norm)
                    }
                    b.key("feature")
                    b.int(entry.feature)
                    b.key("layer")
                    b.int(entry.layer)
                    b.key("scale")
                    b.float(entry.scale)
                    b.key("site")
                    b.string(entry.hookSite.rawValue)
                    b.key("threshold")
                    b.float(entry.threshold)
                }
            }
            b.key("formatVersion")
            b.int(formatVersion)
            b.key("hooks")
            b.object(hooks) { b, hook in b.string(hook) }
            b.key("layers")
            b.array(layers) { b, layer in b.int(layer) }
            b.key("request")
            b.object { b in
                if let layer = request.layer {
                    b.key("layer")
                    b.int(layer)
                }
                b.key("layerOrigin")
                b.string(request.layerOrigin.rawValue)
                b.key("operation")
                b.string(request.operation.rawValue)
                b.key("schedule")
                b.object { b in
                    switch request.schedule {
                    case .constant:
                        b.key("constant")
                        b.object { _ in }
                    case .exponential(let alpha):
                        b.key("exponential")
                        b.object { b in
                            b.key("alpha")
                            b.float(alpha)
                        }
                    case .linear(let end):
                        b.key("linear")
                        b.object { b in
                            b.key("end")
                            b.float(end)
                        }
                    }
                }
                b.member("seed", request.seed)
                b.key("strategy")
                b.string(request.strategy.rawValue)
                b.key("strength")
                b.float(request.strength)
            }
            b.key("spanEnd")
            b.int(spanEnd)
            b.key("spanStart")
            b.int(spanStart)
        }
    }
}
