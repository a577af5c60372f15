import SQLiteSupport

extension FlowDatabase {
    /// The `sae` row for `sae` with checksum `sha256`. Its decoder norms come from the stored row when
    /// that row has the same checksum (a rerun does not read every decoder again), and are measured
    /// from the decoder otherwise.
    public func saeRecord(_ sae: SAE, sha256: String, projected: Bool) throws -> SAERecord {
        var stored: [Float]? = nil
        if try hasColumn("sae", "decoder_norms") {
            let statement = try sqlite.prepare(
                "SELECT decoder_norms FROM sae WHERE layer = ? AND site = ? AND sha256 = ? AND d_sae = ?")
            try statement.bind([sae.layer, sae.hookSite.rawValue, sha256, sae.dSAE])
            if try statement.step(), case .blob(let bytes) = statement.value(0) {
                let norms = Self.floats(littleEndian: bytes)
                if norms.count == sae.dSAE { stored = norms }
            }
        }
        return SAERecord(
            sae, sha256: sha256, projected: projected, decoderNorms: stored ?? SAERecord.rowNorms(of: sae.decoder))
    }
}
