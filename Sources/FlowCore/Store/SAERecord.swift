/// One row of the `sae` table.
public struct SAERecord: Equatable, Sendable {
    /// Layer L.
    public var layer: Int
    /// Position.
    public var hookSite: HookSite
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
    /// Per-feature L2 norm of the raw decoder row (as the SAE stores it, before any normalisation for
    /// matching); nil when unknown. Steering adds `s′ · θ · W_dec[i]` with this row (METHOD.md §5).
    public var decoderNorms: [Float]?

    /// A record.
    public init(
        layer: Int, hookSite: HookSite, path: String, format: String, hookName: String, dIn: Int, dSAE: Int,
        dtype: String,
        architecture: String, sha256: String, neuronpediaID: String?, projected: Bool, thresholds: [Float]?,
        decoderNorms: [Float]? = nil
    ) {
        self.layer = layer
        self.hookSite = hookSite
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
        self.decoderNorms = decoderNorms
    }

    /// The record of `sae` with checksum `sha256`.
    public init(_ sae: SAE, sha256: String, projected: Bool) {
        self.init(sae, sha256: sha256, projected: projected, decoderNorms: Self.rowNorms(of: sae.decoder))
    }

    /// The record of `sae` with checksum `sha256` and already known raw decoder row norms.
    public init(_ sae: SAE, sha256: String, projected: Bool, decoderNorms: [Float]?) {
        self.init(
            layer: sae.layer, hookSite: sae.hookSite, path: sae.source.path, format: sae.source.format.rawValue,
            hookName: sae.hookName, dIn: sae.dIn, dSAE: sae.dSAE, dtype: sae.source.dtype,
            architecture: sae.architecture.name, sha256: sha256, neuronpediaID: sae.source.neuronpediaID,
            projected: projected, thresholds: sae.threshold, decoderNorms: decoderNorms)
    }

    /// ‖row‖ of every decoder row, read in blocks; nil when the decoder cannot be read (matching
    /// reads the same rows and reports that error itself).
    static func rowNorms(of decoder: DecoderMatrix, block: Int = 1024) -> [Float]? {
        var norms: [Float] = []
        norms.reserveCapacity(decoder.rows)
        var start = 0
        while start < decoder.rows {
            let end = min(start + block, decoder.rows)
            guard let values = try? decoder.rows(start..<end) else { return nil }
            values.withUnsafeBufferPointer { buffer in
                for row in 0..<(end - start) {
                    let base = row * decoder.columns
                    var sum = 0.0
                    for column in 0..<decoder.columns {
                        let value = Double(buffer[base + column])
                        sum += value * value
                    }
                    norms.append(Float(sum.squareRoot()))
                }
            }
            start = end
        }
        return norms
    }
}
