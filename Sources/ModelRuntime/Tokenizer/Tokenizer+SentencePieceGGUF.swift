extension Tokenizer {
    /// A GGUF SentencePiece vocabulary (`tokenizer.ggml.model = llama`: pieces, scores and types, as in Gemma
    /// and Llama 2 GGUFs): spaces become `▁` (with one prepended to each plain segment when
    /// `tokenizer.ggml.add_space_prefix`, default true), user-defined and control pieces are matched whole,
    /// and the scored merges run as in `sentencepiece`.
    init(sentencePieceGGUF file: GGUFFile) throws {
        let path = file.path
        func fail(_ why: String) -> TokenizerError { TokenizerError(path: path, .malformed(why)) }
        let metadata = file.metadata
        guard let tokenValues = metadata["tokenizer.ggml.tokens"]?.array, !tokenValues.isEmpty,
            tokenValues.count <= 1 << 24
        else { throw fail("tokenizer.ggml.tokens is missing, empty or not an array") }
        let tokens = try tokenValues.map { value in
            guard let string = value.string else {
                throw fail("tokenizer.ggml.tokens holds a value that is not a string")
            }
            return string
        }
        guard let scoreValues = metadata["tokenizer.ggml.scores"]?.array, scoreValues.count == tokens.count else {
            throw fail("tokenizer.ggml.scores is missing or does not have one score per token")
        }
        let scores = try scoreValues.map { value in
            guard let double = value.double, double.isFinite else {
                throw fail("tokenizer.ggml.scores holds a non-number")
            }
            return Float(double)
        }
        guard let typeValues = metadata["tokenizer.ggml.token_type"]?.array, typeValues.count == tokens.count else {
            throw fail("tokenizer.ggml.token_type is missing or does not have one type per token")
        }
        let types = try typeValues.map { value in
            guard let int = value.int else { throw fail("tokenizer.ggml.token_type holds a non-integer") }
            return int
        }
        var pieces: [String: Int32] = [:]
        var specials: [(String, Int32)] = []
        for (index, (token, type)) in zip(tokens, types).enumerated() {
            if (type == 1 || type == 4) && pieces[token] == nil { pieces[token] = Int32(index) }
            if type == 3 || type == 4 { specials.append((token, Int32(index))) }
        }
        func id(_ key: String) throws -> Int32? {
            guard let value = metadata[key] else { return nil }
            guard let int = value.int, let id = Int32(exactly: int) else { throw fail("\(key) is not a token id") }
            return id
        }
        let addSpacePrefix = metadata["tokenizer.ggml.add_space_prefix"]?.bool ?? true
        var options = Options()
        options.prependScheme = addSpacePrefix ? .always : .never
        options.stripLeadingSpace = addSpacePrefix
        let unknown = try id("tokenizer.ggml.unknown_token_id")
        let parts = Parts(
            kind: .sentencePiece, vocabulary: tokens, merges: [], specials: specials,
            bosTokenID: try id("tokenizer.ggml.bos_token_id"), eosTokenID: try id("tokenizer.ggml.eos_token_id"),
            addsBOS: metadata["tokenizer.ggml.add_bos_token"]?.bool ?? true,
            chatTemplate: metadata["tokenizer.chat_template"]?.string.flatMap(ChatTemplate.init(template:)),
            preTokenizer: .none,
            unknownToken: unknown.flatMap { $0 >= 0 && Int($0) < tokens.count ? tokens[Int($0)] : nil },
            options: options, scored: ScoredMerges(scores: scores, pieces: pieces))
        try self.init(parts, path: path)
    }
}
