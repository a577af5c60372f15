/// What a tokenizer.json's normalizer, pre_tokenizer, post_processor and decoder say, reduced to the
/// cases the runtime implements; anything else is an `unsupported` error naming the file.
struct TokenizerPipeline {
    var kind: Tokenizer.Kind = .byteLevel
    var preTokenizer: PreTokenizer = .none
    var addPrefixSpace = false
    var prependScheme: Tokenizer.PrependScheme = .never
    var splitOnMetaspace = false
    /// A Metaspace pre-tokenizer is present.
    var metaspace = false
    var stripLeadingSpace = false
    var nfc = false
    /// The special token the post-processor puts first (`TemplateProcessing`), if any.
    var templateBOS: String?

    init(root: [String: Any], path: String) throws {
        func unsupported(_ why: String) -> TokenizerError { TokenizerError(path: path, .unsupported(why)) }
        func flatten(_ value: Any?, _ key: String) -> [[String: Any]] {
            guard let object = value as? [String: Any] else { return [] }
            if object["type"] as? String == "Sequence" {
                return (object[key] as? [Any] ?? []).flatMap { flatten($0, key) }
            }
            return [object]
        }
        var replacesSpaces = false
        for step in flatten(root["normalizer"], "normalizers") {
            switch step["type"] as? String {
            case "Replace":
                let pattern = (step["pattern"] as? [String: Any])?["String"] as? String
                guard pattern == " ", step["content"] as? String == "\u{2581}" else {
                    throw unsupported("normalizer Replace other than ' ' → '▁'")
                }
                replacesSpaces = true
            case "Prepend":
                guard step["prepend"] as? String == "\u{2581}" else {
                    throw unsupported("normalizer Prepend other than '▁'")
                }
                prependScheme = .always
            case "NFC": nfc = true
            case let other: throw unsupported("normalizer \(other ?? "?")")
            }
        }
        var steps = flatten(root["pre_tokenizer"], "pretokenizers")
        var digits = false
        var split: String?
        var byteLevel = false
        while !steps.isEmpty {
            let step = steps.removeFirst()
            switch step["type"] as? String {
            case "Digits":
                guard step["individual_digits"] as? Bool == true else {
                    throw unsupported("Digits without individual_digits")
                }
                digits = true
            case "Split":
                let pattern = step["pattern"] as? [String: Any]
                if replacesSpaces && pattern?["String"] as? String == " " {
                    // Gemma's converter splits on " " after the normaliser has turned every space into '▁':
                    // a no-op.
                    continue
                }
                guard let regex = pattern?["Regex"] as? String else { throw unsupported("Split without a regex") }
                split = regex
            case "ByteLevel":
                byteLevel = true
                addPrefixSpace = step["add_prefix_space"] as? Bool ?? false
                if step["use_regex"] as? Bool ?? true {
                    guard split == nil else { throw unsupported("a Split before a ByteLevel that splits again") }
                    preTokenizer = digits ? .smollm : .gpt2
                } else if let pattern = split {
                    guard pattern == Tokenizer.llama3Pattern, !digits else {
                        throw unsupported("Split regex \(pattern)")
                    }
                    preTokenizer = .llama3
                } else {
                    guard !digits else { throw unsupported("Digits without the GPT-2 regex") }
                    preTokenizer = .none
                }
            case "Metaspace":
                metaspace = true
                guard (step["replacement"] as? String ?? "\u{2581}") == "\u{2581}" else {
                    throw unsupported("Metaspace replacement other than '▁'")
                }
                let scheme =
                    step["prepend_scheme"] as? String
                    ?? ((step["add_prefix_space"] as? Bool ?? true) ? "always" : "never")
                guard let parsed = Tokenizer.PrependScheme(rawValue: scheme) else {
                    throw unsupported("prepend_scheme \(scheme)")
                }
                prependScheme = parsed
                splitOnMetaspace = step["split"] as? Bool ?? true
            case let other: throw unsupported("pre_tokenizer \(other ?? "?")")
            }
        }
        if byteLevel {
            guard !replacesSpaces && !metaspace else { throw unsupported("byte-level and '▁' spaces together") }
            kind = .byteLevel
        } else if replacesSpaces || metaspace {
            kind = .sentencePiece
            guard !digits && split == nil else { throw unsupported("Digits or Split with SentencePiece-style spaces") }
        } else {
            throw unsupported(
                "neither a ByteLevel pre-tokenizer nor '▁' spaces (not a byte-level or SentencePiece BPE)")
        }
        for step in flatten(root["decoder"], "decoders") where step["type"] as? String == "Strip" {
            stripLeadingSpace = (step["start"] as? Int ?? 0) > 0
        }
        if metaspace {
            for step in flatten(root["decoder"], "decoders") where step["type"] as? String == "Metaspace" {
                stripLeadingSpace = prependScheme != .never
            }
        }
        for step in flatten(root["post_processor"], "processors") where step["type"] as? String == "TemplateProcessing"
        {
            if let single = step["single"] as? [Any], let first = single.first as? [String: Any],
                let special = first["SpecialToken"] as? [String: Any]
            {
                templateBOS = special["id"] as? String
            }
        }
    }
}
