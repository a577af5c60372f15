// `make bench`: each section measures one stage against a baseline taken in the same run and
// prints figures and ratios. `flowbench SECTION…` runs only the named sections (open, match, svg, site, approx, e2e, train, encode,
// evidence, steer, prefill, generate, rss);
// options starting with `--` go to the sections (e.g. `--skip-rss` for match).
import FlowCore
import Foundation

let arguments = CommandLine.arguments
if arguments.contains("--match-rss-child") {
    // A child process of the match section measuring peak RSS: it prints only its own figure.
    MatchBenchmark.run(arguments: arguments)
    exit(0)
}
let sections: [(name: String, run: () throws -> Void)] = [
    ("open", runOpenBenchmark),
    ("match", { MatchBenchmark.run(arguments: arguments) }),
    ("svg", { try runSVGBenchmark() }),
    ("site", { try runSiteBenchmark() }),
    ("approx", { try ApproxBenchmark.run(arguments: arguments) }),
    ("e2e", { try EndToEndBenchmark.run(arguments: arguments) }),
    ("train", { TrainBenchmark.run(arguments: arguments) }),
    ("encode", { try EncodeBenchmark.run() }),
    ("evidence", { try EvidenceBenchmark.run(arguments: arguments) }),
    ("steer", { try SteerBenchmark.run(arguments: arguments) }),
    ("prefill", { try PrefillBenchmark.run(arguments: arguments) }),
    ("generate", { try GenerateBenchmark.run(arguments: arguments) }),
    ("rss", { try RuntimeRSSBenchmark.run(arguments: arguments) }),
]
// Option values (`--e2e-layers 4`) are not section names.
var wanted = Set<String>()
for (i, argument) in arguments.enumerated().dropFirst()
where !argument.hasPrefix("--") && !(arguments[i - 1].hasPrefix("--") && Int(argument) != nil) {
    wanted.insert(argument)
}
// `e2e` (about 30 minutes for the full 26 layers) runs only when named.
let byDefault = Set([
    "open", "match", "svg", "site", "approx", "train", "encode", "evidence", "steer", "prefill", "generate", "rss",
])
if !arguments.contains("--e2e-stage") { print("featureflow \(FlowCore.version) benchmarks") }
for section in sections where wanted.isEmpty ? byDefault.contains(section.name) : wanted.contains(section.name) {
    try section.run()
}
if wanted.isEmpty {
    print(
        "\n(not run: the end-to-end section on a synthetic Gemma-2B-shaped set, ~12 GB of disk and about 30 minutes; "
            + "run it with `.build/release/flowbench e2e` or `flowbench e2e --e2e-layers 4` for a quicker check)")
}
