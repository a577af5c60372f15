/// Every module that imports FlowCore sees the located errors, problem lists, lock box and byte sizes.
@_exported import FlowDiagnostics

/// The featureflow pipeline core: weights, matching, the flow database and analysis.
public enum FlowCore {
    /// The tool version, printed by `--version` and written into every report and database.
    public static let version = "0.1.0"
}
