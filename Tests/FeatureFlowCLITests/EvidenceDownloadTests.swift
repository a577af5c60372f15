import CanonicalOutput
import Foundation
import Testing

@testable import FeatureFlowCLI
@testable import FlowCore
@testable import FlowReport

/// The evidence in a residual feature's downloads: the JSON member equals `JSONEncoder`'s bytes and decodes back
/// to the same hostile context text; the CSV rows quote the context windows so a CSV reader gets them back.
@Suite struct EvidenceDownloadTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"q\", 'a'", "\u{0}\u{1}\u{7}\t\r\n", "\u{202E}evil\u{200F}", "a,b", "🙂 é",
    ]

    static func evidence() -> SiteEvidence {
        let id = FeatureID(layer: 3, hookSite: .res, index: 7)
        let run = EvidenceRun(
            id: 1, key: "k", source: "model", model: "m", texts: ["t"], sequences: 2, tokens: 200, context: 100,
            seed: 0, parameters: "{}")
        let activity = FeatureActivity(
            layer: 3, hookSite: .res, feature: 7, active: 12, mean: 1.5, max: 4.25,
            histogram: ActivationHistogram(edges: [0.5, 0.70710678118654757, 1], counts: [3, 9]))
        let contexts = (1...2).map { rank in
            FeatureContext(
                layer: 3, hookSite: .res, feature: 7, rank: rank, activation: 4.25 / Double(rank), sequence: rank,
                position: 10 + rank, tokens: hostile, focus: rank)
        }
        let coactivation: [HookSite: Coactivation] = [
            .res: Coactivation(
                layer: 3, feature: 7, hookSite: .res, predecessor: 40, targetActive: 12, bothActive: 5,
                randomFeature: 9,
                randomBothActive: 0),
            .mlp: Coactivation(
                layer: 3, feature: 7, hookSite: .mlp, predecessor: 2, targetActive: 12, bothActive: 1, randomFeature: 8,
                randomBothActive: 1),
        ]
        return SiteEvidence(
            run: run, activity: [id: activity], contexts: [id: contexts], coactivation: [id: coactivation])
    }

    @Test func jsonMemberEqualsJSONEncoderAndRoundTrips() throws {
        let id = FeatureID(layer: 3, hookSite: .res, index: 7)
        let evidence = try #require(DossierEvidence(id, evidence: Self.evidence()))
        #expect(evidence.density == 0.06 && evidence.active == 12 && evidence.tokens == 200)
        #expect(evidence.coactivation["res"]?.predecessor == FeatureID(layer: 2, hookSite: .res, index: 40))
        #expect(evidence.coactivation["mlp"]?.randomFeature == FeatureID(layer: 3, hookSite: .mlp, index: 8))
        let written = CanonicalJSON.data(evidence)
        #expect(written == CanonicalJSON.foundationData(evidence))
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains(#"\"q\", 'a'"#) && text.contains(#"\u0000\u0001\u0007\t\r\n"#))
        #expect(!text.contains("\u{0}") && !text.contains("\n"))
        #expect(try JSONDecoder().decode(DossierEvidence.self, from: written) == evidence)
        #expect(DossierEvidence(id, evidence: nil) == nil)
        // A feature that never fired: zeros, no contexts, still byte-equal.
        let silent = try #require(
            DossierEvidence(FeatureID(layer: 3, hookSite: .res, index: 8), evidence: Self.evidence()))
        #expect(silent.active == 0 && silent.contexts.isEmpty && silent.histogram.counts.isEmpty)
        #expect(CanonicalJSON.data(silent) == CanonicalJSON.foundationData(silent))
    }

    /// RFC 4180 fields of one record.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line)
        characters.append(",")
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if quoted {
                if c == "\"" && i + 1 < characters.count && characters[i + 1] == "\"" {
                    field.append("\"")
                    i += 1
                } else if c == "\"" {
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        return fields
    }

    @Test func csvRowsQuoteContextWindows() throws {
        let id = FeatureID(layer: 3, hookSite: .res, index: 7)
        let evidence = try #require(DossierEvidence(id, evidence: Self.evidence()))
        var lines: [String] = []
        DataFiles.evidenceRows(evidence, id) { section, position, rank, feature, value in
            lines.append(
                "\(section),\(position),\(rank),\(feature.layer),\(feature.hookSite.rawValue),\(feature.index),\(value)"
            )
        }
        #expect(lines.count == 5 + 2 + 2 * 2 + 2 * 2)
        #expect(lines[0] == "evidence,tokens,,3,res,7,200" && lines[2] == "evidence,density,,3,res,7,0.060000")
        #expect(lines[5] == "histogram,0.500000,0,3,res,7,3|to=0.707107")
        #expect(lines.contains("context,1:11,1,3,res,7,4.250000"))
        #expect(lines.contains("coactivation,res,1,2,res,40,5|target=12"))
        #expect(lines.contains("coactivation-random,mlp,,3,mlp,8,1|target=12"))
        // The window cell: one CSV field (commas, quotes and line breaks inside), a JSON list of the raw tokens.
        let joined = lines.joined(separator: "\n")
        let record = try #require(lines.first { $0.hasPrefix("context-tokens,") })
        #expect(!record.contains("\n") && joined.components(separatedBy: "\n").count == lines.count)
        let cells = Self.fields(record)
        #expect(cells.count == 7 && cells[1] == "1" && cells[2] == "1")
        #expect(try JSONDecoder().decode([String].self, from: Data(cells[6].utf8)) == Self.hostile)
    }
}
