extension Tokenizer {
    /// The tokeniser stored in a GGUF file's metadata (`tokenizer.ggml.model = gpt2`: byte-level BPE with the
    /// pre-tokeniser named by `tokenizer.ggml.pre`; control and user-defined tokens matched whole).
    public init(gguf file: GGUFFile) throws {
        let path = file.path
        func fail(_ why: String) -> TokenizerError { TokenizerError(path: path, .malformed(why)) }
        let metadata = file.metadata
        guard let model = metadata["tokenizer.ggml.model"]?.string else {
            throw fail("tokenizer.ggml.model is missing")
        }
        guard model == "gpt2" || model == "llama" else {
            throw TokenizerError(
                path: path,
                .unsupported(
                    "tokenizer.ggml.model '\(model)' (GGUF tokenisers 'gpt2' and 'llama' are read; use the Hugging Face folder's tokenizer.json for others)"
                ))
        }
        if model == "llama" {
            try self.init(sentencePieceGGUF: file)
            return
        }
        let pre = metadata["tokenizer.ggml.pre"]?.string ?? "gpt2"
        let preTokenizer: PreTokenizer
        switch pre {
        case "smollm": preTokenizer = .smollm
        case "gpt2", "gpt-2", "default": preTokenizer = .gpt2
        case "llama-bpe", "llama3", "smaug-bpe": preTokenizer = .llama3
        default: throw TokenizerError(path: path, .unsupported("tokenizer.ggml.pre '\(pre)'"))
        }
        func strings(_ key: String) throws -> [String] {
            guard let array = metadata[key]?.array else { throw fail("\(key) is missing or not an array") }
            return try array.map { value in
                guard let string = value.string else { throw fail("\(key) holds a value that is not a string") }
                return string
            }
        }
        let tokens = try strings("tokenizer.ggml.tokens")
        guard !tokens.isEmpty, tokens.count <= 1 << 24 else {
            throw fail("tokenizer.ggml.tokens has \(tokens.count) entries")
        }
        var types = [Int](repeating: 1, count: tokens.count)
        if let array = metadata["tokenizer.ggml.token_type"]?.array {
            guard array.count == tokens.count else {
                throw fail("tokenizer.ggml.token_type has \(array.count) entries for \(tokens.count) tokens")
            }
            types = try array.map { value in
                guard let int = value.int else { throw fail("tokenizer.ggml.token_type holds a non-integer") }
                return int
            }
        }
        let merges = try strings("tokenizer.ggml.merges").enumerated().map { rank, merge in
            let parts = merge.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("merge \(rank) '\(merge)' is not two tokens") }
            return (String(parts[0]), String(parts[1]))
        }
        func id(_ key: String) throws -> Int32? {
            guard let value = metadata[key] else { return nil }
            guard let int = value.int, let id = Int32(exactly: int) else { throw fail("\(key) is not a token id") }
            return id
        }
        var specials: [(String, Int32)] = []
        for (index, type) in types.enumerated() where type == 3 || type == 4 {
            specials.append((tokens[index], Int32(index)))
        }
        let template = metadata["tokenizer.chat_template"]?.string.flatMap(ChatTemplate.init(template:))
        let parts = Parts(
            kind: .byteLevel, vocabulary: tokens, merges: merges, specials: specials,
            bosTokenID: try id("tokenizer.ggml.bos_token_id"), eosTokenID: try id("tokenizer.ggml.eos_token_id"),
            addsBOS: metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false, chatTemplate: template,
            preTokenizer: preTokenizer, unknownToken: nil,
            options: Options(ignoreMerges: preTokenizer == .llama3))
        try self.init(parts, path: path)
    }
}
