/// One row of the `sae` table.
public struct SAERecord: Equatable, Sendable {
    /// Layer L.
    public var layer: Int
    /// Position.
    public var site: Site
    /// Folder or file the SAE was read from.
    public var path: String
    /// Format name (`SAEFormat.rawValue`).
    public var format: String
    /// Hook the SAE reads.
    public var hookName: String
    /// Input width.
    public var dIn: Int
    /// Number of features.
    public var dSAE: Int
    /// Decoder dtype on disk.
    public var dtype: String
    /// Architecture name (`standard`, `jumprelu`, `topk`, `gated`).
    public var architecture: String
    /// SHA-256 (hex) of the weight file, or of the list of per-file digests when there are several.
    public var sha256: String
    /// Neuronpedia id when known.
    public var neuronpediaID: String?
    /// True when its decoder was projected with W_O (hook_z attention) for matching.
    public var projected: Bool
    /// Per-feature JumpReLU thresholds θ, when the SAE has them.
    public var thresholds: [Float]?

    /// A record.
    public init(
        layer: Int, site: Site, path: String, format: String, hookName: String, dIn: Int, dSAE: Int, dtype: String,
        architecture: String, sha256: String, neuronpediaID: String?, projected: Bool, thresholds: [Float]?
    ) {
        self.layer = layer
        self.site = site
        self.path = path
        self.format = format
        self.hookName = hookName
        self.dIn = dIn
        self.dSAE = dSAE
        self.dtype = dtype
        self.architecture = architecture
        self.sha256 = sha256
        self.neuronpediaID = neuronpediaID
        self.projected = projected
        self.thresholds = thresholds
    }

    /// The record of `sae` with checksum `sha256`.
    public init(_ sae: SAE, sha256: String, projected: Bool) {
        self.init(
            layer: sae.layer, site: sae.site, path: sae.source.path, format: sae.source.format.rawValue,
            hookName: sae.hookName, dIn: sae.dIn, dSAE: sae.dSAE, dtype: sae.source.dtype,
            architecture: sae.architecture.name, sha256: sha256, neuronpediaID: sae.source.neuronpediaID,
            projected: projected, thresholds: sae.threshold)
    }
}
