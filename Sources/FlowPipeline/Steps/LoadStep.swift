import FlowCore

/// `load SAEs`: finds the SAEs of the request's folder or manifest and reports what was found.
public struct LoadStep: PipelineStep {
    /// A load step.
    public init() {}

    public var name: String { "load SAEs" }

    public func run(_ context: PipelineContext) throws {
        let request = try context.require(context.request.matching, "matching request")
        let catalog = try SAECatalog.load(path: request.input, options: request.catalogOptions)
        context.printer.line("  \(catalog.saes.count) SAEs over \(catalog.layers.count) layers")
        for note in catalog.notes { context.printer.line("  \(note)") }
        // Warnings reach the terminal even when quiet: the report is not the only place to read them.
        for warning in catalog.warnings { context.printer.warning(warning) }
        context.catalog = catalog
    }
}
