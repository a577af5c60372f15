import ArgumentParser
import FlowCore

/// `featureflow merge`: combines the shard databases of one `match --shard i/N` run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine shard databases (from `match --shard i/N`) into one flow database.",
        discussion: """
            The result equals a single run's match table. Refuses shards of different runs (SAE checksums, \
            parameters, tiles, N) and slices given twice or not at all. See docs/sharding.md.
            """)

    @Argument(help: "The flow database to create (must not exist).")
    var output: String

    @Argument(help: "The shard databases, all N of them, in any order.")
    var shards: [String]

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the shard databases to merge") }
    }

    func run() throws {
        let summary = try ShardMerger().merge(shards: shards, into: output)
        print(
            "merged \(summary.shards) shard(s): \(summary.layers.count) layer(s), \(summary.matches) matches, "
                + "into \(output)")
        if let audit = summary.audit {
            print(audit.summary)
            if let warning = audit.warning { FeatureFlowCommand.printError("warning: \(warning)") }
        }
    }
}
