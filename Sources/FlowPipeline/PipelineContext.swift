import FlowCore
import FlowReport
import Foundation

/// What the steps of one build share: the request, the progress printer, and each step's product for the
/// steps after it. The six built-in steps' products have their own fields; a step added later keeps its
/// product with `store(_:)` and the steps after it read it with `product(_:)`, so adding a stage needs no
/// change here.
public final class PipelineContext {
    /// What to build.
    public let request: BuildRequest
    /// The one progress interface: step lines, progress bars, warnings.
    public let printer: ProgressPrinter
    /// The SAEs found (load step).
    public var catalog: SAECatalog?
    /// What matching did (match step).
    public var matchSummary: MatchPipeline.Summary?
    /// The analysis of the flow database (analyse step).
    public var analysis: FlowAnalysis?
    /// The feature labels (labels step).
    public var labels: LabelSet?
    /// The staging folder the site is written into (open only inside the site scope).
    public var staging: SiteStaging?
    /// The site's absolute folder, once it has been swapped in.
    public var siteFolder: String?
    private var database: FlowDatabase?
    private var products: [ObjectIdentifier: Any] = [:]
    private var failureActions: [() -> Void] = []

    /// A context for running `request`, reporting on `printer`.
    public init(request: BuildRequest, printer: ProgressPrinter) {
        self.request = request
        self.printer = printer
    }

    /// The flow database, opened on first use: created when this run matches (and, when the request asks,
    /// removed again if the run fails after creating it); otherwise it must exist.
    public func openDatabase() throws -> FlowDatabase {
        if let database { return database }
        let path = request.database
        let opened: FlowDatabase
        if let matching = request.matching {
            let created = !FileManager.default.fileExists(atPath: path)
            opened = try FlowDatabase(path: path)
            if created && matching.removesNewDatabaseOnFailure {
                onFailure {
                    for suffix in ["", "-wal", "-shm", "-journal"] {
                        try? FileManager.default.removeItem(atPath: path + suffix)
                    }
                }
            }
        } else {
            opened = try FlowDatabase(path: path, readOnly: false, mustExist: true)
        }
        database = opened
        return opened
    }

    /// `value`, or a `PipelineError` saying that `what` is missing (a step list in the wrong order).
    public func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw PipelineError(path: nil, .missingProduct(what)) }
        return value
    }

    /// Keeps a product of a step added after the built-in ones, one per type.
    public func store<T>(_ value: T) {
        products[ObjectIdentifier(T.self)] = value
    }

    /// The product of type `T` an earlier step stored, if any.
    public func product<T>(_ type: T.Type) -> T? {
        products[ObjectIdentifier(type)] as? T
    }

    /// Registers `action` to run (latest first) when a later step of this run fails.
    public func onFailure(_ action: @escaping () -> Void) {
        failureActions.append(action)
    }

    /// Runs the failure actions once, latest first (the runner calls this).
    func runFailureActions() {
        let actions = failureActions
        failureActions = []
        for action in actions.reversed() { action() }
    }
}
