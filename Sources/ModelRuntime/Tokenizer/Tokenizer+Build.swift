extension Tokenizer {
    /// The parts a loader reads from its file, before the lookup tables are derived.
    struct Parts {
        var kind: Kind
        var vocabulary: [String]
        /// Merges as (left, right) token strings, in rank order.
        var merges: [(String, String)]
        /// Tokens matched whole in the input (added / control tokens).
        var specials: [(String, Int32)]
        var bosTokenID: Int32?
        var eosTokenID: Int32?
        var addsBOS: Bool
        var chatTemplate: ChatTemplate?
        /// More ids that end generation (config.json's `eos_token_id` list).
        var extraStopIDs: [Int32] = []
        var preTokenizer: PreTokenizer
        var unknownToken: String?
        var options = Options()
        /// Model-vocabulary strings whose id an added token took over in `vocabulary` (still encodable).
        var aliases: [(String, Int32)] = []
        /// A scored SentencePiece vocabulary (GGUF), replacing `merges`.
        var scored: ScoredMerges?
    }

    /// Derives the lookup tables; a merge naming a token outside the vocabulary is an error naming `path`.
    init(_ parts: Parts, path: String) throws {
        func fail(_ why: String) -> TokenizerError { TokenizerError(path: path, .malformed(why)) }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(parts.vocabulary.count)
        var scalarIDs: [UInt32: Int32] = [:]
        for (index, token) in parts.vocabulary.enumerated() where !token.isEmpty {
            // The first id wins when a string repeats (as in `tokenizers`' reverse map of a GGUF list).
            if ids[token] == nil { ids[token] = Int32(index) }
            let scalars = token.unicodeScalars
            if scalars.count == 1, scalarIDs[scalars.first!.value] == nil {
                scalarIDs[scalars.first!.value] = Int32(index)
            }
        }
        for (token, id) in parts.aliases where ids[token] == nil {
            ids[token] = id
            let scalars = token.unicodeScalars
            if scalars.count == 1, scalarIDs[scalars.first!.value] == nil { scalarIDs[scalars.first!.value] = id }
        }
        for (content, id) in parts.specials where id >= 0 && Int(id) < parts.vocabulary.count {
            ids[content] = id
        }
        var table: [UInt64: UInt64] = [:]
        table.reserveCapacity(parts.merges.count)
        for (rank, (left, right)) in parts.merges.enumerated() {
            guard let a = ids[left], let b = ids[right] else {
                throw fail("merge \(rank) ('\(left) \(right)') names a token outside the vocabulary")
            }
            guard let merged = ids[left + right] else {
                throw fail("merge \(rank) ('\(left) \(right)') makes a token outside the vocabulary")
            }
            let key = BPEMerges.key(a, b)
            if table[key] == nil { table[key] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged)) }
        }
        var byteIDs = [Int32](repeating: -1, count: 256)
        for byte in 0..<256 {
            switch parts.kind {
            case .byteLevel:
                byteIDs[byte] = scalarIDs[ByteLevelAlphabet.scalars[byte].value] ?? -1
            case .sentencePiece:
                let hex = String(byte, radix: 16, uppercase: true)
                byteIDs[byte] = ids["<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"] ?? -1
            }
        }
        for (what, id) in [("BOS", parts.bosTokenID), ("EOS", parts.eosTokenID)] {
            if let id, id < 0 || Int(id) >= parts.vocabulary.count {
                throw fail("\(what) id \(id) is outside the vocabulary of \(parts.vocabulary.count)")
            }
        }
        var stops = Set(parts.extraStopIDs.filter { $0 >= 0 && Int($0) < parts.vocabulary.count })
        if let eos = parts.eosTokenID { stops.insert(eos) }
        if let template = parts.chatTemplate, let end = ids[template.endOfTurn] { stops.insert(end) }
        self.init(
            kind: parts.kind, vocabulary: parts.vocabulary, bosTokenID: parts.bosTokenID, eosTokenID: parts.eosTokenID,
            addsBOS: parts.addsBOS && parts.bosTokenID != nil, chatTemplate: parts.chatTemplate, stopTokenIDs: stops,
            merges: BPEMerges(table: table), scored: parts.scored, preTokenizer: parts.preTokenizer,
            specials: SpecialTokens(parts.specials),
            scalarIDs: scalarIDs, byteIDs: byteIDs, ids: ids, unknownID: parts.unknownToken.flatMap { ids[$0] },
            options: parts.options)
    }
}
