// `make bench`: each section measures one stage against a baseline taken in the same run and
// prints figures and ratios. `flowbench SECTION…` runs only the named sections (open, match, svg, site);
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
]
let wanted = Set(arguments.dropFirst().filter { !$0.hasPrefix("--") })
print("featureflow \(FlowCore.version) benchmarks")
for section in sections where wanted.isEmpty || wanted.contains(section.name) {
    try section.run()
}
