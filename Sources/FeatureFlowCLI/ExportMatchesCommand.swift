import ArgumentParser
import FlowCore
import FlowExport
import Foundation

/// `featureflow export matches`: the `match` table as CSV.
public struct ExportMatchesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "matches",
        abstract: "Write every match row (layer, feature, site, direction, rank, candidate, cosine) as CSV.",
        discussion: "Rows in primary-key order; cosines with 6 decimals. The output is deterministic."
    )

    @OptionGroup var options: CSVExportOptions

    public init() {}

    public func run() throws {
        let database = try options.database()
        if let out = options.out {
            guard FileManager.default.createFile(atPath: out, contents: nil),
                let handle = FileHandle(forWritingAtPath: out)
            else { throw ValidationError("cannot write \(out)") }
            defer { try? handle.close() }
            try database.exportMatchesCSV { handle.write(Data($0.utf8)) }
        } else {
            try database.exportMatchesCSV { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
