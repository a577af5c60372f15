extension Transformer {
    /// Continues `prompt` one token at a time with a key/value cache (the prompt is prefilled in
    /// one pass), until a stop token or `options.maxNewTokens`; `hooks` apply at every step (steering).
    /// `onToken` sees each new token and may return false to stop. Returns the new tokens.
    public func generate(
        prompt: [Int], options: SamplingOptions, hooks: ForwardHooks = ForwardHooks(),
        onToken: (Int) -> Bool = { _ in true }
    ) throws -> [Int] {
        guard !prompt.isEmpty else { throw TransformerError.emptyInput }
        let cache = KeyValueCache(config: config, capacity: prompt.count + max(0, options.maxNewTokens))
        var sampler = TokenSampler(options: options)
        var generated: [Int] = []
        var input = prompt
        while generated.count < options.maxNewTokens {
            let logits = try forward([input], hooks: hooks, logits: .last, cache: cache).logits
            let token = sampler.next(logits[...])
            generated.append(token)
            if options.stopTokens.contains(token) || !onToken(token) { break }
            input = [token]
        }
        return generated
    }
}
