extension TensorView {
    /// This 2-D tensor as a `DecoderMatrix` whose rows are checked for NaN/Inf when read (never at open time).
    /// `adjust` may rescale each row in place (given the row index), e.g. Llama Scope standardisation.
    public func decoderMatrix(adjust: (@Sendable (UnsafeMutableBufferPointer<Float>, Int) -> Void)? = nil)
        -> DecoderMatrix
    {
        let view = self
        let columns = rowLength
        return DecoderMatrix(rows: rowCount, columns: columns, release: { view.file.releaseResidentPages() }) {
            range, out in
            try view.read(range, into: out)
            for (offset, row) in range.enumerated() {
                let start = offset * columns
                for index in start..<(start + columns) where !out[index].isFinite {
                    throw WeightError(path: view.file.path, .nonFiniteDecoder(tensor: view.name, row: row))
                }
                adjust?(UnsafeMutableBufferPointer(rebasing: out[start..<(start + columns)]), row)
            }
        }
    }
}
