/// Parameters of a matching run; the ones that change results are recorded with each layer.
public struct MatchOptions: Codable, Equatable, Sendable {
    /// Matches kept per residual feature and compared position (k ≥ 1).
    public var topK: Int
    /// Residual rows per sgemm tile (performance only).
    public var tileRows: Int
    /// Candidate rows per sgemm tile and per streamed decoder chunk (performance and memory only).
    public var tileColumns: Int

    /// Defaults: k = 5, tiles of 1024 × 4096 rows.
    public init(topK: Int = 5, tileRows: Int = 1024, tileColumns: Int = 4096) {
        self.topK = topK
        self.tileRows = tileRows
        self.tileColumns = tileColumns
    }

    /// The parameters that determine the stored matches, as canonical JSON (used for reuse checks).
    public var resultParametersJSON: String { "{\"top_k\":\(topK)}" }
}
