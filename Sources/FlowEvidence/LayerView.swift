import ModelRuntime

/// A checkpoint seen as the `count` consecutive blocks starting at block `first` (renamed to blocks
/// 0…count−1), with the embeddings, final norm and head of the whole model: running it with the residual
/// stream written at `blocks.{count−1}.hook_resid_pre` re-runs block `first + count − 1` alone. Gemma 2
/// alternates sliding-window and global layers by parity, so a view of an odd block starts one block
/// earlier (`LayerView.of(block:)`).
public struct LayerView: CheckpointTensors {
    /// The whole model.
    public let base: any CheckpointTensors
    /// The first block of the view and the number of blocks.
    public let first: Int
    public let count: Int

    /// The view of blocks `first ..< first + count`.
    public init(base: any CheckpointTensors, first: Int, count: Int) {
        self.base = base
        self.first = first
        self.count = count
    }

    /// A view whose last block is `block`, at the same parity as in the whole model.
    public static func of(block: Int, in base: any CheckpointTensors) -> LayerView {
        block % 2 == 0
            ? LayerView(base: base, first: block, count: 1) : LayerView(base: base, first: block - 1, count: 2)
    }

    /// The view's index of `block`.
    public var index: Int { count - 1 }

    public var config: ModelConfig {
        var config = base.config
        config.layerCount = count
        return config
    }

    public func contains(_ name: String) -> Bool { base.contains(map(name)) }
    public func matrix(_ name: String) throws -> WeightMatrix { try base.matrix(map(name)) }
    public func vector(_ name: String) throws -> [Float] { try base.vector(map(name)) }

    /// `model.layers.k.…` → `model.layers.{first + k}.…`; other names unchanged.
    func map(_ name: String) -> String {
        let prefix = "model.layers."
        guard name.hasPrefix(prefix) else { return name }
        let rest = name.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let k = Int(rest[..<dot]) else { return name }
        return prefix + String(first + k) + String(rest[dot...])
    }
}
