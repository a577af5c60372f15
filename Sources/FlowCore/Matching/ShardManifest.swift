/// What a shard database holds (stored as JSON under `meta.shard`): which slice of which run, so
/// `featureflow merge` can check that the shards belong together and cover the run exactly once.
public struct ShardManifest: Codable, Equatable, Sendable {
    /// One residual layer of the whole run.
    public struct Layer: Codable, Equatable, Sendable {
        /// The layer L.
        public var layer: Int
        /// Residual features of R_L.
        public var features: Int
        /// Canonical JSON of the input checksums (as in `layer_state.inputs`).
        public var inputs: String
        /// `layer_state.mode` the merged layer gets (`exact`, `approx(b=…,c=…)`, `… partial`).
        public var mode: String
    }

    /// The slice.
    public var shard: ShardSpec
    /// Residual rows per unit.
    public var blockRows: Int
    /// The result-determining parameters (`MatchOptions.resultParametersJSON`).
    public var parameters: String
    /// Tile sizes (`[rows, columns]`); shards must agree for bit-identical results.
    public var tiles: [Int]
    /// Every layer of the whole run, ascending.
    public var layers: [Layer]
    /// The units this shard computed.
    public var units: [ShardSpec.Unit]
    /// Seconds spent per layer on this shard's units (keys are layers).
    public var seconds: [String: Double]
    /// featureflow version that wrote the shard.
    public var toolVersion: String

    /// A manifest.
    public init(
        shard: ShardSpec, blockRows: Int, parameters: String, tiles: [Int], layers: [Layer], units: [ShardSpec.Unit],
        seconds: [String: Double], toolVersion: String
    ) {
        self.shard = shard
        self.blockRows = blockRows
        self.parameters = parameters
        self.tiles = tiles
        self.layers = layers
        self.units = units
        self.seconds = seconds
        self.toolVersion = toolVersion
    }
}
