// `make bench`: each section measures one stage against a baseline taken in the same run and
// prints figures and ratios. Sections are added as the stages that they measure are built.
// `flowbench SECTION…` runs only the named sections (open, svg); no argument runs them all.
import FlowCore

let sections = Set(CommandLine.arguments.dropFirst())
print("featureflow \(FlowCore.version) benchmarks")
if sections.isEmpty || sections.contains("open") { try runOpenBenchmark() }
if sections.isEmpty || sections.contains("svg") { try runSVGBenchmark() }
