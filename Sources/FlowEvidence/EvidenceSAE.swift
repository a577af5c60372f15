import FlowCore
import Foundation
import SAEEncoding

/// One SAE of the flow database ready for evidence: its record, the hook it reads, its encoder, and its raw
/// decoder rows and bias as F32 (for reconstructions and the rescaling operator).
public final class EvidenceSAE: @unchecked Sendable {
    /// The `sae` table row.
    public let record: SAERecord
    /// The SAE as read (layer and site as recorded).
    public let sae: SAE
    /// The encoder.
    public let encoder: SAEEncoder
    /// `featureCount × inputWidth` raw decoder rows.
    public let decoder: [Float]
    /// `b_dec`, when the file has one.
    public let decoderBias: [Float]?

    /// Layer, site, width.
    public var layer: Int { record.layer }
    public var hookSite: HookSite { record.hookSite }
    public var featureCount: Int { encoder.featureCount }
    public var inputWidth: Int { encoder.inputWidth }
    /// The hook's TransformerLens name.
    public var hookName: String { record.hookName }

    /// Wraps an SAE already read (tests, or `load`).
    public init(record: SAERecord, sae: SAE) throws {
        self.record = record
        self.sae = sae
        encoder = try SAEEncoder(sae: sae)
        decoder = try sae.decoder.rows(0..<sae.decoder.rows)
        decoderBias = try sae.encoder?.decoderBias?.floats()
        guard sae.decoder.columns == encoder.inputWidth, sae.decoder.rows == encoder.featureCount else {
            throw EvidenceError(
                path: record.path,
                "decoder is \(sae.decoder.rows) × \(sae.decoder.columns), encoder \(encoder.featureCount) features × "
                    + "\(encoder.inputWidth) inputs")
        }
    }

    /// Reads the SAE a database row names (its folder or file), checking that it is still the same file.
    public static func load(_ record: SAERecord, checksum: (SAE) throws -> String) throws -> EvidenceSAE {
        let catalog = try SAECatalog.load(path: record.path)
        let found =
            catalog.saes.first { $0.layer == record.layer && $0.hookSite == record.hookSite }
            ?? (catalog.saes.count == 1 ? catalog.saes[0] : nil)
        guard var sae = found else {
            throw EvidenceError(path: record.path, "no SAE for layer \(record.layer) \(record.hookSite.rawValue) here")
        }
        let sum = try checksum(sae)
        guard sum == record.sha256 else {
            throw EvidenceError(
                path: record.path,
                "the SAE changed since the database was built (SHA-256 \(sum), recorded \(record.sha256))")
        }
        sae.layer = record.layer
        sae.hookSite = record.hookSite
        return try EvidenceSAE(record: record, sae: sae)
    }
}
