/// One of a feature's top activating contexts as stored (`feature_context`): the window's token ids and the
/// index of the active token. Pages read `FeatureContext`, whose tokens the loader decodes through the run's
/// vocabulary (`evidence_vocab`).
public typealias ContextWindow = TopContext<Int32>

extension TopContext where Token == Int32 {
    /// The window's ids as the stored blob: little-endian int32s.
    public var blob: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count * 4)
        for id in tokens {
            let v = UInt32(bitPattern: id)
            bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        }
        return bytes
    }

    /// The ids of a stored blob (nil when its length is not a multiple of 4).
    public static func ids(blob: [UInt8]) -> [Int32]? {
        guard blob.count % 4 == 0 else { return nil }
        return stride(from: 0, to: blob.count, by: 4).map { i in
            Int32(
                bitPattern: UInt32(blob[i]) | UInt32(blob[i + 1]) << 8 | UInt32(blob[i + 2]) << 16
                    | UInt32(blob[i + 3]) << 24)
        }
    }
}
