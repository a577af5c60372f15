import CanonicalOutput
import FlowCore
import SiteKit
import XMLSupport

/// Rows of the run-time evidence on feature pages: top contexts and the co-activation of each predecessor.
extension PageRows {
    /// Tokens shown before and after the active one (the stored window may be wider; the JSON has it whole).
    static let contextBefore = 16
    static let contextAfter = 8

    /// Top contexts as table rows: activation, then the window with the active token in `<mark>`; every token is
    /// shown visibly (`ContextText`) and escaped by the writer; the line is isolated (`bdi`) so right-to-left text
    /// cannot reorder the page.
    static func contexts(_ contexts: [FeatureContext], limit: Int) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for context in contexts.prefix(limit) {
            w.start("tr")
            w.element("td", text: Fmt.fixed(context.activation, digits: 2))
            w.start("td")
            w.start("bdi")
            let focus = min(max(context.focus, 0), context.tokens.count)
            let start = max(0, focus - contextBefore)
            let end = min(context.tokens.count, focus + 1 + contextAfter)
            if start > 0 { w.text("…") }
            w.text(ContextText.visible(concatenated(context.tokens[start..<focus])))
            if focus < context.tokens.count {
                w.element("mark", text: ContextText.visible(context.tokens[focus], spaces: true))
                w.text(ContextText.visible(concatenated(context.tokens[(focus + 1)..<end])))
            }
            if end < context.tokens.count { w.text("…") }
            w.end()
            w.end()
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// The tokens run together (a plain loop: the generic `joined()` was a tenth of the rows' time).
    private static func concatenated(_ tokens: ArraySlice<String>) -> String {
        var text = ""
        for token in tokens { text += token }
        return text
    }

    /// One list item per recorded predecessor (R_{L-1}, M_L, A_L) of `id`: how often it fires when this feature
    /// does, against a random feature of the same SAE.
    static func coactivations(_ id: FeatureID, _ evidence: SiteEvidence, _ context: ReportContext) throws
        -> HTMLFragment
    {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for hookSite in [HookSite.res, .mlp, .att] {
            guard let row = evidence.coactivation[id]?[hookSite] else { continue }
            let predecessor = FeatureID(
                layer: hookSite == .res ? id.layer - 1 : id.layer, hookSite: hookSite, index: row.predecessor)
            w.start("li")
            w.text(hookSite == .res ? "s(R) " : hookSite == .mlp ? "s(M) " : "s(A) ")
            link(w, predecessor, context)
            w.text(": " + coactivationText(row))
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// "fires with it 31 % of the time; a random feature of that SAE: 0.7 %" (with the counts).
    static func coactivationText(_ row: Coactivation) -> String {
        guard let rate = row.rate, let random = row.randomRate else {
            return "this feature never fired on the evidence text"
        }
        var text =
            "fires with it \(PageValues.percent(rate)) of the time; a random feature of that SAE: "
            + "\(PageValues.percent(random)) (\(row.bothActive) of \(row.targetActive) tokens)"
        if rate <= random { text += " — not above chance" }
        return text
    }
}
