import ArgumentParser

/// `featureflow export`: tables of the flow database in portable formats.
public struct ExportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export tables of the flow database.",
        subcommands: [ExportMatchesCommand.self, ExportGroupsCommand.self, ExportCoactivationCommand.self]
    )

    public init() {}
}
