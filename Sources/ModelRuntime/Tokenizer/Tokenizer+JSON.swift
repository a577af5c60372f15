import FlowCore
import Foundation

extension Tokenizer {
    /// The Llama 3 split pattern as tokenizer.json spells it.
    static let llama3Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// A Hugging Face `tokenizer.json` (BPE model), with `tokenizer_config.json` (`add_bos_token`,
    /// `bos_token`, `eos_token`, `chat_template`) and `config.json` (`bos_token_id`, `eos_token_id`) from
    /// the same folder when present.
    public init(tokenizerJSON path: String) throws {
        func fail(_ why: String) -> TokenizerError { TokenizerError(path: path, .malformed(why)) }
        func unsupported(_ why: String) -> TokenizerError { TokenizerError(path: path, .unsupported(why)) }
        let root = try Self.object(path, required: true)!
        guard let model = root["model"] as? [String: Any] else { throw fail("'model' is missing") }
        guard (model["type"] as? String ?? "BPE") == "BPE" else {
            throw unsupported("model type '\(model["type"] ?? "")' (BPE is supported)")
        }
        guard let vocab = model["vocab"] as? [String: Any] else { throw fail("model.vocab is missing") }
        var entries: [(String, Int)] = []
        entries.reserveCapacity(vocab.count)
        for (token, value) in vocab {
            guard let number = value as? NSNumber, let id = Int(exactly: number.doubleValue), id >= 0, id < 1 << 24
            else {
                throw fail("model.vocab entry '\(token)' has no valid id")
            }
            entries.append((token, id))
        }
        var specials: [(String, Int32)] = []
        for item in root["added_tokens"] as? [Any] ?? [] {
            guard let token = item as? [String: Any], let content = token["content"] as? String,
                let number = token["id"] as? NSNumber, let id = Int(exactly: number.doubleValue), id >= 0, id < 1 << 24
            else { throw fail("added_tokens holds an entry without content and id") }
            entries.append((content, id))
            specials.append((content, Int32(id)))
        }
        let size = (entries.map(\.1).max() ?? -1) + 1
        // Ids are dense in real files; a sparse one would allocate a vocabulary out of proportion to the file.
        guard size <= 2 * entries.count + 1024 else {
            throw fail("token ids run to \(size) for \(entries.count) tokens")
        }
        var vocabulary = [String](repeating: "", count: size)
        for (token, id) in entries { vocabulary[id] = token }
        let aliases = entries.filter { vocabulary[$0.1] != $0.0 }.map { ($0.0, Int32($0.1)) }
        var merges: [(String, String)] = []
        for (rank, item) in (model["merges"] as? [Any] ?? []).enumerated() {
            if let text = item as? String {
                let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw fail("merge \(rank) '\(text)' is not two tokens") }
                merges.append((String(parts[0]), String(parts[1])))
            } else if let pair = item as? [Any], pair.count == 2, let left = pair[0] as? String,
                let right = pair[1] as? String
            {
                merges.append((left, right))
            } else {
                throw fail("merge \(rank) is neither 'a b' nor [a, b]")
            }
        }
        var options = Options()
        options.ignoreMerges = model["ignore_merges"] as? Bool ?? false
        options.fuseUnknown = model["fuse_unk"] as? Bool ?? false
        let pipeline = try TokenizerPipeline(root: root, path: path)
        options.addPrefixSpace = pipeline.addPrefixSpace
        options.prependScheme = pipeline.prependScheme
        options.splitOnMetaspace = pipeline.splitOnMetaspace
        options.metaspace = pipeline.metaspace
        options.stripLeadingSpace = pipeline.stripLeadingSpace
        options.nfc = pipeline.nfc
        if pipeline.kind == .sentencePiece && !(model["byte_fallback"] as? Bool ?? false) && model["unk_token"] == nil {
            throw unsupported("a SentencePiece-style BPE needs byte_fallback or an unk_token")
        }

        // BOS / EOS / chat template: tokenizer_config.json, then the post-processor, then config.json.
        let folder = (path as NSString).deletingLastPathComponent
        let config = try Self.object(folder + "/tokenizer_config.json", required: false) ?? [:]
        let modelConfig = try Self.object(folder + "/config.json", required: false) ?? [:]
        let lookup = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        func token(_ value: Any?) -> Int32? {
            let content = (value as? String) ?? ((value as? [String: Any])?["content"] as? String)
            return content.flatMap { lookup[$0] }.map(Int32.init)
        }
        func ids(_ value: Any?) -> [Int32] {
            if let number = value as? NSNumber, let id = Int32(exactly: number.doubleValue) { return [id] }
            return (value as? [Any] ?? []).compactMap { ($0 as? NSNumber).flatMap { Int32(exactly: $0.doubleValue) } }
        }
        let bos =
            token(config["bos_token"]) ?? pipeline.templateBOS.flatMap { lookup[$0] }.map(Int32.init)
            ?? ids(modelConfig["bos_token_id"]).first
        let configStops = ids(modelConfig["eos_token_id"])
        let eos = token(config["eos_token"]) ?? configStops.first
        var template = config["chat_template"] as? String
        if template == nil, let list = config["chat_template"] as? [[String: Any]] {
            template = list.first { $0["name"] as? String == "default" }?["template"] as? String
        }
        let parts = Parts(
            kind: pipeline.kind, vocabulary: vocabulary, merges: merges, specials: specials, bosTokenID: bos,
            eosTokenID: eos, addsBOS: config["add_bos_token"] as? Bool ?? (pipeline.templateBOS != nil),
            chatTemplate: template.flatMap(ChatTemplate.init(template:)), extraStopIDs: configStops,
            preTokenizer: pipeline.preTokenizer, unknownToken: model["unk_token"] as? String, options: options,
            aliases: aliases)
        try self.init(parts, path: path)
    }

    /// The JSON object in `path`; nil when the file is absent and not `required`.
    static func object(_ path: String, required: Bool) throws -> [String: Any]? {
        guard let bytes = MappedFile.contents(atPath: path) else {
            if required { throw TokenizerError(path: path, .unreadable("no such file")) }
            return nil
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = json as? [String: Any]
        else {
            throw TokenizerError(path: path, .malformed("not a JSON object"))
        }
        return object
    }
}
