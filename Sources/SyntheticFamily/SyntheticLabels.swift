import FlowCore
import LinearAlgebra

/// Themes and label texts for the synthetic family (labels.jsonl), including deliberately nasty strings
/// that a site must escape.
public enum SyntheticLabels {
    /// Nasty themes given to the first chains born on layer 0 (so they appear in every family).
    public static let nasty: [String] = [
        "<script>alert(1)</script>",
        #"quotes "double" and 'single' `back`"#,
        "AT&amp;T vs AT&T & &lt;tags&gt;",
        "RTL שלום עולם · مرحبا بالعالم",
        "emoji 🧠🔥 and 👩‍💻 (ZWJ)",
        "{{mustache}} </div><img src=x onerror=alert(2)>",
        "line\nbreak, tab\t and back\\slash",
    ]

    /// Ordinary themes.
    public static let themes: [String] = [
        "legal-citation", "python-indentation", "French negation", "DNA sequence", "past-tense verb",
        "closing bracket", "chemical formula", "US state name", "month name", "Roman numeral", "URL path",
        "sports score", "recipe quantity", "Shakespearean English", "LaTeX math", "email address",
        "dates in ISO format", "negative sentiment", "apology phrase", "German compound noun", "music chord",
        "stock ticker", "biblical verse", "JSON key", "SQL keyword", "currency amount", "sarcasm",
        "medical dosage", "planet name", "question word", "plural noun", "hexadecimal number",
        "chess move", "weather report", "Markdown heading", "citation year", "first-person pronoun",
        "capital city", "error message", "unit conversion", "poetry rhyme", "Japanese kana",
        "function definition", "quoted speech", "subscription offer", "prime number", "airport code",
        "list bullet", "variable name", "famous painter",
    ]

    /// The theme of chain `chain`: nasty ones first, then the ordinary list picked by a seeded hash.
    public static func theme(chain: Int, seed: UInt64) -> String {
        if chain < nasty.count { return nasty[chain] }
        let pick = Int(SplitMix64.key(seed, 0x7468_656D_65, UInt64(chain)) % UInt64(themes.count))
        return themes[pick]
    }

    /// Label of a residual feature built by `recipe` on chain `chain`.
    public static func residual(recipe: PlantedRecipe, theme: String, chain: Int, nearThreshold: Bool) -> String {
        let quoted = "'\(theme)'"
        var text: String
        switch recipe {
        case .translated: text = "carried-over \(quoted) concept"
        case .processedMLP: text = "\(quoted) refined by the MLP"
        case .processedAtt: text = "\(quoted) updated from context by attention"
        case .processedBoth: text = "\(quoted) reshaped by MLP and attention"
        case .newbornMLP: text = "new \(quoted) detector written by the MLP"
        case .newbornAtt: text = "\(quoted) copied in by attention"
        case .newbornBoth: text = "\(quoted) assembled by MLP and attention"
        case .unexplained: text = "unexplained \(quoted) direction"
        }
        if nearThreshold { text += " (faint link)" }
        return text + " · chain \(chain)"
    }

    /// Label of an MLP or attention feature used by a residual feature of chain `chain`.
    public static func module(hookSite: HookSite, theme: String, chain: Int) -> String {
        hookSite == .mlp ? "MLP writes '\(theme)' · chain \(chain)" : "attention moves '\(theme)' · chain \(chain)"
    }

    /// Label of an MLP or attention feature no residual feature was planted on.
    public static func unusedModule(hookSite: HookSite, layer: Int, index: Int, seed: UInt64) -> String {
        let tag = hookSite == .mlp ? UInt64(1) : UInt64(2)
        let pick = Int(SplitMix64.key(seed, 0x756E_7573_6564, UInt64(layer), tag, UInt64(index)) % UInt64(themes.count))
        return (hookSite == .mlp ? "MLP feature" : "attention feature") + " near '\(themes[pick])' (no planted flow)"
    }
}
