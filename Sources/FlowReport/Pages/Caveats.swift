import FlowCore
import SiteKit

/// What a report must say when its classes are not certain: gaps (no R_{L-1}: unknown origin), layers
/// matched without an MLP or attention SAE, and the Hugging Face snapshots the SAEs came from.
enum Caveats {
    /// One note on the gaps of the whole set (empty when there are none).
    static func gaps(_ analysis: FlowAnalysis) -> [String] {
        let layers = analysis.classification.gaps.sorted()
        guard !layers.isEmpty else { return [] }
        let features = layers.reduce(0) { $0 + (analysis.table[$1]?.count ?? 0) }
        let first = analysis.table.layerNumbers.first
        let names = layers.map { layer in layer == first ? "\(layer) (the first layer of the set)" : String(layer) }
        return [
            "Gap: no residual SAE at the layer before layer(s) \(names.joined(separator: ", ")), so the origin of "
                + "their \(features) features is unknown. They are shown as “\(OriginClass.unknown.title)”, are not "
                + "counted as births, and chains through them may have started earlier."
        ]
    }

    /// One note per module site that is missing at some non-gap layer.
    static func uncertain(_ context: ReportContext) -> [String] {
        [HookSite.mlp, .att].compactMap { hookSite in
            let layers = missing(hookSite, context.analysis)
            guard !layers.isEmpty else { return nil }
            return
                "No \(hookSite.longName) SAE was compared at layer(s) \(layers.map(String.init).joined(separator: ", "))"
                + " (missing" + (hookSite == .att ? ", or a hook_z SAE skipped without --model" : "") + "): "
                + consequence(hookSite)
        }
    }

    /// The notes of one layer page.
    static func layerNotes(_ layer: Int, context: ReportContext) -> [String] {
        let analysis = context.analysis
        if analysis.classification.gaps.contains(layer) {
            return [
                "Gap: no residual SAE at layer \(layer - 1), so the origin of every feature here is unknown "
                    + "(shown as “\(OriginClass.unknown.title)”): none is counted as a birth, and chains through "
                    + "them may have started earlier."
            ]
        }
        return [HookSite.mlp, .att].compactMap { hookSite in
            guard missing(hookSite, analysis).contains(layer) else { return nil }
            return "No \(hookSite.longName) SAE was compared at this layer (missing"
                + (hookSite == .att ? ", or a hook_z SAE skipped without --model" : "") + "): " + consequence(hookSite)
        }
    }

    /// The Hugging Face cache snapshots the SAEs were read from (`models--…: snapshot <rev>`).
    static func revisions(_ context: ReportContext) -> [String] {
        var found = Set<String>()
        for sae in context.saes {
            let parts = sae.path.split(separator: "/").map(String.init)
            guard let index = parts.lastIndex(of: "snapshots"), index > 0, index + 1 < parts.count else { continue }
            found.insert("\(parts[index - 1]): snapshot \(parts[index + 1])")
        }
        return found.sorted()
    }

    /// Non-gap layers matched without the SAE of `site`.
    static func missing(_ hookSite: HookSite, _ analysis: FlowAnalysis) -> [Int] {
        analysis.table.layers.filter { !analysis.classification.gaps.contains($0.layer) && $0.column(hookSite) == nil }
            .map(\.layer)
    }

    static func consequence(_ hookSite: HookSite) -> String {
        let name = hookSite == .mlp ? "the MLP" : "attention"
        let born = hookSite == .mlp ? "MLP-born" : "attention-born"
        return "there, “translated” features may have been processed by \(name) and “unexplained” ones may be "
            + "\(born); these classes are not certain."
    }
}
