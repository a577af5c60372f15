// `make bench`: each section measures one stage against a baseline taken in the same run and
// prints figures and ratios. `flowbench SECTION…` runs only the named sections.
import FlowCore

let sections: [(name: String, run: () throws -> Void)] = [
    ("open", runOpenBenchmark),
    ("site", { try runSiteBenchmark() }),
]
let wanted = Set(CommandLine.arguments.dropFirst())
print("featureflow \(FlowCore.version) benchmarks")
for section in sections where wanted.isEmpty || wanted.contains(section.name) {
    try section.run()
}
