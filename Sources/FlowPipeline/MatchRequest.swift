import FlowCore

/// Which SAEs to match and how (the load and match steps).
public struct MatchRequest: Sendable {
    /// A folder of SAEs or a `featureflow.yaml` manifest.
    public var input: String
    /// How the SAEs are found and chosen (Gemma Scope L0 and width, format, layers).
    public var catalogOptions: CatalogOptions
    /// The matcher's options (top-k, approximate matching).
    public var options: MatchOptions
    /// Only match residual layers in this range (all when nil).
    public var layers: ClosedRange<Int>?
    /// Recompute layers even when their stored matches are current.
    public var force: Bool
    /// The model folder that projects hook_z attention SAEs (default: the one the manifest names).
    public var modelDirectory: String?
    /// Compute only this slice into its own database (`featureflow merge` combines them); nil: the whole run.
    public var shard: ShardSpec?
    /// Remove the flow database again when this run created it and the run fails (a build leaves no stray
    /// `<out>.sqlite`; a lone `match` keeps its complete layers to resume from).
    public var removesNewDatabaseOnFailure: Bool

    /// A request.
    public init(
        input: String, catalogOptions: CatalogOptions = .init(), options: MatchOptions = .init(),
        layers: ClosedRange<Int>? = nil, force: Bool = false, modelDirectory: String? = nil, shard: ShardSpec? = nil,
        removesNewDatabaseOnFailure: Bool = false
    ) {
        self.input = input
        self.catalogOptions = catalogOptions
        self.options = options
        self.layers = layers
        self.force = force
        self.modelDirectory = modelDirectory
        self.shard = shard
        self.removesNewDatabaseOnFailure = removesNewDatabaseOnFailure
    }
}
