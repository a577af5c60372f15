/// One of a feature's top activating contexts as stored (`feature_context`): the window's token ids and the
/// index of the active token. Pages read `FeatureContext`, whose tokens the loader decodes through the run's
/// vocabulary (`evidence_vocab`).
public struct ContextWindow: Equatable, Sendable {
    public var layer: Int
    public var hookSite: HookSite
    public var feature: Int
    /// 1 = highest activation.
    public var rank: Int
    public var activation: Double
    /// Where the active token is in the evidence text.
    public var sequence: Int
    public var position: Int
    /// The window's token ids.
    public var tokenIDs: [Int32]
    /// Index of the active token in `tokenIDs`.
    public var focus: Int

    /// A stored context.
    public init(
        layer: Int, hookSite: HookSite, feature: Int, rank: Int, activation: Double, sequence: Int, position: Int,
        tokenIDs: [Int32], focus: Int
    ) {
        self.layer = layer
        self.hookSite = hookSite
        self.feature = feature
        self.rank = rank
        self.activation = activation
        self.sequence = sequence
        self.position = position
        self.tokenIDs = tokenIDs
        self.focus = focus
    }

    /// The window's ids as the stored blob: little-endian int32s.
    public var blob: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokenIDs.count * 4)
        for id in tokenIDs {
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
