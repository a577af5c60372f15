/// A BPE tokeniser: byte-level (GPT-2 / SmolLM2 / Llama 3, from tokenizer.json or GGUF metadata) or
/// SentencePiece-style with byte fallback (Gemma, from tokenizer.json). Special tokens are matched whole,
/// BOS is added as the checkpoint says, and `decode` reassembles bytes (byte-level alphabet or `<0xNN>`
/// tokens) into text. Immutable and `Sendable`; encoding allocates only per call.
public struct Tokenizer: Sendable {
    /// The two BPE families.
    public enum Kind: String, Sendable, Equatable {
        /// GPT-2's byte-to-Unicode alphabet; every input byte is a token before merging.
        case byteLevel
        /// Spaces become `▁`; characters missing from the vocabulary fall back to `<0xNN>` byte tokens.
        case sentencePiece
    }

    /// Which family.
    public let kind: Kind
    /// Token strings by id (as stored: `Ġthe`, `▁the`, `<0x0A>`; "" for unused ids).
    public let vocabulary: [String]
    /// The beginning-of-sequence token, when there is one.
    public let bosTokenID: Int32?
    /// The end-of-sequence token, when there is one.
    public let eosTokenID: Int32?
    /// Whether `encode(_:)` starts with BOS (`add_bos_token` / the post-processor).
    public let addsBOS: Bool
    /// The chat format of an instruct model, when its checkpoint carries a recognised `chat_template`.
    public let chatTemplate: ChatTemplate?
    /// Every id that ends generation: EOS, the chat template's end-of-turn token, config.json's `eos_token_id`s.
    public let stopTokenIDs: Set<Int32>

    let merges: BPEMerges
    /// SentencePiece from a scored vocabulary (GGUF `tokenizer.ggml.model = llama`), used instead of `merges`.
    let scored: ScoredMerges?
    let preTokenizer: PreTokenizer
    let specials: SpecialTokens
    /// Ids of single-scalar tokens, by scalar value.
    let scalarIDs: [UInt32: Int32]
    /// Byte-level: id of each byte's alphabet scalar; SentencePiece: id of `<0xNN>` (−1 when absent).
    let byteIDs: [Int32]
    /// Every token id by string (for `ignore_merges` and lookups).
    let ids: [String: Int32]
    /// Unknown-token id (SentencePiece without a byte token for some byte).
    let unknownID: Int32?
    /// Options of the pipeline around BPE.
    let options: Options

    /// The normaliser / pre-tokeniser / decoder options that vary between checkpoints.
    struct Options: Sendable, Equatable {
        /// Byte-level `add_prefix_space`: a space before every plain segment that lacks one.
        var addPrefixSpace = false
        /// `ignore_merges`: a word that is itself a token is taken whole (Llama 3).
        var ignoreMerges = false
        /// SentencePiece: `▁` prepended to each plain segment (`always`) or to the first (`first`).
        var prependScheme: PrependScheme = .never
        /// SentencePiece with a Metaspace pre-tokenizer (no `▁` prepended to a segment starting with a space).
        var metaspace = false
        /// SentencePiece (Metaspace `split`): words start at each `▁`.
        var splitOnMetaspace = false
        /// SentencePiece: merge runs of unknown tokens into one.
        var fuseUnknown = false
        /// Decoding drops one leading space (the decoder's `Strip`, paired with a prepended `▁`).
        var stripLeadingSpace = false
        /// NFC-normalise the input first.
        var nfc = false
    }

    /// When SentencePiece-style input gets a leading `▁`.
    enum PrependScheme: String, Sendable, Equatable {
        case never, first, always
    }

    /// Number of ids.
    public var vocabularySize: Int { vocabulary.count }

    /// The token string of `id` as stored (e.g. `Ġthe`), or nil outside the vocabulary.
    public func tokenString(_ id: Int32) -> String? {
        id >= 0 && Int(id) < vocabulary.count ? vocabulary[Int(id)] : nil
    }

    /// The text one token stands for (`decode([id])`; a partial UTF-8 sequence shows as U+FFFD).
    public func tokenText(_ id: Int32) -> String { decode([id]) }

    /// The id of token string `token`, or nil.
    public func id(of token: String) -> Int32? { ids[token] }

    /// `text` as ids, special tokens matched whole, BOS first when the tokeniser adds one.
    public func encode(_ text: String) -> [Int32] { encode(text, addBOS: addsBOS, parseSpecial: true) }

    /// `text` as ids; `addBOS` prepends BOS (when there is one); `parseSpecial` matches special tokens whole
    /// (otherwise their text is tokenised like any other).
    public func encode(_ text: String, addBOS: Bool, parseSpecial: Bool) -> [Int32] {
        var output: [Int32] = []
        if addBOS, let bosTokenID { output.append(bosTokenID) }
        var scalars = Array(text.unicodeScalars)
        if options.nfc { scalars = Array(TokenizerNormalization.nfc(text).unicodeScalars) }
        let pieces: [(range: Range<Int>, id: Int32?)] =
            parseSpecial && !specials.isEmpty ? specials.split(scalars) : [(0..<scalars.count, nil)]
        var first = true
        for piece in pieces {
            if let id = piece.id {
                output.append(id)
            } else if !piece.range.isEmpty {
                let segment = Array(scalars[piece.range])
                switch kind {
                case .byteLevel: encodeByteLevel(segment, into: &output)
                case .sentencePiece: encodeSentencePiece(segment, first: first, into: &output)
                }
            }
            first = false
        }
        return output
    }

    /// `text` in the chat format for one user message (encode it with special tokens parsed); the plain
    /// text when the checkpoint has no recognised chat template.
    public func chatPrompt(user message: String) -> String { chatTemplate?.prompt(user: message) ?? message }

    private func encodeByteLevel(_ segment: [Unicode.Scalar], into output: inout [Int32]) {
        var text = segment
        if options.addPrefixSpace && text.first != " " { text.insert(" ", at: 0) }
        var symbols: [Int32] = []
        for word in preTokenizer.split(text) {
            symbols.removeAll(keepingCapacity: true)
            for scalar in text[word] {
                for byte in UTF8.encode(scalar)! { symbols.append(byteIDs[Int(byte)]) }
            }
            if options.ignoreMerges {
                var mapped = ""
                for scalar in text[word] {
                    for byte in UTF8.encode(scalar)! {
                        mapped.unicodeScalars.append(ByteLevelAlphabet.scalars[Int(byte)])
                    }
                }
                if let id = ids[mapped] {
                    output.append(id)
                    continue
                }
            }
            if symbols.contains(where: { $0 < 0 }) {
                // A byte without a token (a vocabulary missing part of the alphabet): unknown or dropped.
                symbols = symbols.compactMap { $0 >= 0 ? $0 : unknownID }
            }
            merges.apply(&symbols)
            output += symbols
        }
    }

    private func encodeSentencePiece(_ segment: [Unicode.Scalar], first: Bool, into output: inout [Int32]) {
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(segment.count + 1)
        var prepend = options.prependScheme == .always || (options.prependScheme == .first && first)
        // Metaspace adds no '▁' to a segment that already starts with one (or with a space).
        if options.metaspace && (segment.first == " " || segment.first == "\u{2581}") { prepend = false }
        if prepend { text.append("\u{2581}") }
        for scalar in segment { text.append(scalar == " " ? "\u{2581}" : scalar) }
        var words: [Range<Int>] = []
        if options.splitOnMetaspace {
            var start = 0
            for index in text.indices where text[index] == "\u{2581}" && index > start {
                words.append(start..<index)
                start = index
            }
            if start < text.count { words.append(start..<text.count) }
        } else if !text.isEmpty {
            words.append(0..<text.count)
        }
        if let scored {
            for word in words { scored.encode(text[word], byteIDs: byteIDs, unknownID: unknownID, into: &output) }
            return
        }
        var symbols: [Int32] = []
        for word in words {
            symbols.removeAll(keepingCapacity: true)
            var previousUnknown = false
            for scalar in text[word] {
                if let id = scalarIDs[scalar.value] {
                    symbols.append(id)
                    previousUnknown = false
                    continue
                }
                let bytes = UTF8.encode(scalar)!
                if bytes.allSatisfy({ byteIDs[Int($0)] >= 0 }) {
                    for byte in bytes { symbols.append(byteIDs[Int(byte)]) }
                    previousUnknown = false
                } else if let unknownID {
                    if !(options.fuseUnknown && previousUnknown) { symbols.append(unknownID) }
                    previousUnknown = true
                }
            }
            merges.apply(&symbols)
            output += symbols
        }
    }

    /// The text of `ids`: special tokens as their text (unless `skipSpecial`), byte-level scalars or
    /// `<0xNN>` tokens turned back into bytes, `▁` into spaces; invalid UTF-8 becomes U+FFFD.
    public func decode(_ ids: [Int32], skipSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            guard id >= 0, Int(id) < vocabulary.count else { continue }
            if let special = specials.text[id] {
                if !skipSpecial { bytes += Array(special.utf8) }
                continue
            }
            let token = vocabulary[Int(id)]
            switch kind {
            case .byteLevel:
                for scalar in token.unicodeScalars {
                    if let byte = ByteLevelAlphabet.byte(scalar) {
                        bytes.append(byte)
                    } else {
                        bytes += Array(String(scalar).utf8)
                    }
                }
            case .sentencePiece:
                if let byte = Self.byteToken(token), byteIDs[Int(byte)] == id {
                    bytes.append(byte)
                } else {
                    for scalar in token.unicodeScalars {
                        if scalar == "\u{2581}" { bytes.append(0x20) } else { bytes += Array(String(scalar).utf8) }
                    }
                }
            }
        }
        if options.stripLeadingSpace && bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte of a `<0xNN>` token string, or nil.
    static func byteToken(_ token: String) -> UInt8? {
        let utf8 = Array(token.utf8)
        guard utf8.count == 6, utf8[0] == 0x3C, utf8[1] == 0x30, utf8[2] == 0x78, utf8[5] == 0x3E else { return nil }
        return UInt8(String(decoding: utf8[3...4], as: UTF8.self), radix: 16)
    }
}
