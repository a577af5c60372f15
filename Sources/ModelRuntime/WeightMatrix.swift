/// How a weight is stored on disk (the forward pass converts rows to F32 as it needs them).
public enum WeightType: String, Sendable, Equatable {
    case f32, f16, bf16, q8_0, q4_0, q4_1, q4_K, q6_K
}

/// One 2-D weight in PyTorch's layout — `rows` = output features, `columns` = input features —
/// whatever its storage: row `r` is decoded to `columns` F32 values on demand, so a checkpoint is
/// never converted whole (quantised rows stay quantised until a tile of them is used).
public struct WeightMatrix: Sendable {
    /// The tensor's Hugging Face name (e.g. `model.layers.0.self_attn.q_proj.weight`).
    public let name: String
    /// Output features.
    public let rows: Int
    /// Input features (the length of one row).
    public let columns: Int
    /// The storage type on disk.
    public let type: WeightType
    /// Writes rows `range` (row-major, `columns` values each) into the buffer; the buffer holds
    /// `range.count * columns` floats. Must be safe to call from several threads at once.
    public let decodeRows: @Sendable (_ range: Range<Int>, _ into: UnsafeMutablePointer<Float>) -> Void
    /// Optional: `out[i] = row (range.lowerBound + i) · x` computed on the stored type (see
    /// `StoredRowDot`), so a batch-1 step reads the stored bytes only. Nil: rows are decoded instead.
    /// Must be safe to call from several threads at once.
    public var rowDot:
        (@Sendable (_ range: Range<Int>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) -> Void)? =
            nil

    /// A matrix whose rows come from `decodeRows`.
    public init(
        name: String, rows: Int, columns: Int, type: WeightType,
        decodeRows: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<Float>) -> Void
    ) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.type = type
        self.decodeRows = decodeRows
    }

    /// An F32 matrix held in memory (`values` row-major, `rows * columns` of them): tests and
    /// small weights.
    public init(name: String, rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "\(name): values must be rows × columns")
        self.init(name: name, rows: rows, columns: columns, type: .f32) { range, out in
            values.withUnsafeBufferPointer { source in
                let start = range.lowerBound * columns
                out.update(from: source.baseAddress! + start, count: range.count * columns)
            }
        }
    }

    /// Every row as F32 (row-major): for small weights and tests only.
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            if rows > 0 && columns > 0 { decodeRows(0..<rows, buffer.baseAddress!) }
            count = rows * columns
        }
    }
}
