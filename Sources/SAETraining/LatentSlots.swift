/// A batch's active slots regrouped by latent (a counting sort): latent `j`'s tokens and activations
/// are `tokens[starts[j]..<starts[j+1]]` and `values[…]`, in token order. Empty (zero) slots are left out.
struct LatentSlots {
    /// Where each latent's slots start; `starts[latents]` is the total.
    let starts: [Int]
    /// Token of each slot.
    let tokens: [Int32]
    /// Activation of each slot (> 0).
    let values: [Float]
    /// Tokens of the batch.
    let tokenCount: Int

    init(_ codes: SparseCodes, latents: Int) {
        var counts = [Int](repeating: 0, count: latents + 1)
        for (slot, latent) in codes.indices.enumerated() where codes.values[slot] > 0 { counts[Int(latent) + 1] += 1 }
        for j in 0..<latents { counts[j + 1] += counts[j] }
        starts = counts
        var next = counts
        var tokens = [Int32](repeating: 0, count: counts[latents])
        var values = [Float](repeating: 0, count: counts[latents])
        for slot in 0..<codes.indices.count where codes.values[slot] > 0 {
            let j = Int(codes.indices[slot])
            tokens[next[j]] = Int32(slot / codes.k)
            values[next[j]] = codes.values[slot]
            next[j] += 1
        }
        self.tokens = tokens
        self.values = values
        tokenCount = codes.tokens
    }
}
