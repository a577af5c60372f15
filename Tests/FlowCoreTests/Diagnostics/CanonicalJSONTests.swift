import CanonicalOutput
import Foundation
import Testing

@testable import FlowCore

/// `CanonicalJSON`'s compact writer against Foundation's `JSONEncoder` (sorted keys, unescaped slashes,
/// non-finite floats as strings): the bytes must be identical.
@Suite struct CanonicalJSONTests {
    struct Sample: Codable {
        var text: String
        var floats: [Float]
        var doubles: [Double]
        var optional: Int?
        var present: Bool?
        var keyed: [String: Int]
        var nested: [[String: [Float]]]
        var range: ClosedRange<Int>
        var small: Int8
        var big: UInt64
    }

    func expectSameBytes<T: Encodable>(_ value: T) {
        let reference = CanonicalJSON.foundationData(value)
        let generic = Data(CanonicalJSON.encodedBytes(value))
        #expect(generic == reference, "\(String(decoding: generic, as: UTF8.self))")
        let ours = Data(CanonicalJSON.bytes(value))
        #expect(
            ours == reference,
            "\(String(decoding: ours, as: UTF8.self)) != \(String(decoding: reference, as: UTF8.self))")
    }

    @Test func specialValuesMatchJSONEncoder() {
        expectSameBytes(
            Sample(
                text: "a\"b\\c/d\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}\u{2028}é😀<script>&'",
                floats: [
                    0, -0.0, 1, 0.5, 1e-5, 0.1, 123_456_792, 3.4e38, .leastNormalMagnitude, .leastNonzeroMagnitude,
                    .infinity, -.infinity, .nan, 0.3, -2.5,
                ], doubles: [0.1, 1e300, -1e-300, 2, .pi], optional: nil, present: false,
                keyed: ["10/res": 1, "9/res": 2, "aB": 3, "aa": 4, "a_b": 5, "a-b": 6, "Zed": 7, "é": 8, "": 9],
                nested: [[:], ["x": []], ["y": [1, 2]]], range: 3...5, small: -8, big: .max))
    }

    @Test func steeringPlansAndGraphsMatchJSONEncoder() throws {
        let analysis = FlowAnalysis(table: AnalysisFixtures.table)
        let planner = SteeringPlanner(
            graphs: analysis.graphs, thresholds: [0: [.res: [2, 3, 4]]],
            hooks: [0: [.res: "blocks.0.hook_resid_post"], 1: [.res: "blocks.1.hook_resid_post"]])
        let seed = AnalysisFixtures.id("1/res/1")
        for schedule in [SteeringRequest.Schedule.constant, .exponential(alpha: -0.05), .linear(end: 1)] {
            for layer in [nil, 1] {
                let plan = try planner.plan(
                    SteeringRequest(seed: seed, schedule: schedule, operation: .rescale, strength: 8, layer: layer))
                expectSameBytes(plan)
            }
        }
        expectSameBytes(seed)
        expectSameBytes(FeatureLabel(text: "a \"label\" <b>", explainer: nil, source: "x.csv"))
        expectSameBytes(FeatureLabel(text: "t", explainer: "gpt-4o-mini", source: "batch-0.jsonl.gz"))
        expectSameBytes(try #require(analysis.graphs.graph(seed: seed)))
        expectSameBytes(ClassThresholds.default)
    }

    @Test func stringListsMatchJSONEncoder() {
        for strings in [[], [""], ["a\"b\\c/d\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}", " \u{202E}é😀", "<script>,&'"]] {
            let reference = String(decoding: CanonicalJSON.foundationData(strings), as: UTF8.self)
            #expect(CanonicalJSON.list(strings) == reference)
        }
    }

    @Test func fixedDecimalsRoundHalfAwayFromZero() {
        let cases: [(Double, Int, String)] = [
            (0, 2, "0.00"), (0.005, 2, "0.01"), (-0.004, 2, "0.00"), (-0.006, 2, "-0.01"), (2.5, 0, "3"),
            (-1.5, 0, "-2"), (12.3456, 3, "12.346"), (0.000123, 6, "0.000123"), (123_456.5, 1, "123456.5"),
            (.nan, 2, "nan"), (.infinity, 2, "inf"), (-.infinity, 1, "-inf"),
        ]
        for (value, digits, expected) in cases {
            #expect(Fmt.fixed(value, digits: digits) == expected, "\(value) with \(digits) digits")
        }
        #expect(Fmt.score(nil) == "-" && Fmt.score(0.25) == "0.25")
    }
}
