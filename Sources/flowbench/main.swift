// `make bench`: each section measures one stage against a baseline taken in the same run and
// prints figures and ratios. Sections are added as the stages that they measure are built.
import FlowCore

print("featureflow \(FlowCore.version) benchmarks")
MatchBenchmark.run(arguments: CommandLine.arguments)
