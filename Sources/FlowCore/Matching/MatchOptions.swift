/// Parameters of a matching run; the ones that change results are recorded with each layer.
public struct MatchOptions: Codable, Equatable, Sendable {
    /// Matches kept per residual feature and compared position (k ≥ 1).
    public var topK: Int
    /// Residual rows per sgemm tile (performance only).
    public var tileRows: Int
    /// Candidate rows per sgemm tile and per streamed decoder chunk (performance and memory only).
    public var tileColumns: Int
    /// Approximate matching (sign-sketch candidates, adaptive exact rescoring, self-audit); nil means exact.
    public var approximate: ApproximateMatching?

    /// Defaults: k = 5, tiles of 1024 × 4096 rows, exact.
    public init(topK: Int = 5, tileRows: Int = 1024, tileColumns: Int = 4096, approximate: ApproximateMatching? = nil) {
        self.topK = topK
        self.tileRows = tileRows
        self.tileColumns = tileColumns
        self.approximate = approximate
    }

    /// `exact` or `approx(b=…,c=…)`: the method, as stored in `layer_state.mode`.
    public var mode: String { approximate?.mode ?? "exact" }

    /// The parameters that determine the stored matches, as canonical JSON (used for reuse checks):
    /// `{"mode":"exact","top_k":5}` or `{"mode":"approx(b=1280,c=8..16)","confidence":2.0,…,"top_k":5}`.
    public var resultParametersJSON: String {
        if let approximate {
            return "{\"mode\":\"\(approximate.mode)\",\(approximate.parameterMembers),\"top_k\":\(topK)}"
        }
        return "{\"mode\":\"exact\",\"top_k\":\(topK)}"
    }
}
