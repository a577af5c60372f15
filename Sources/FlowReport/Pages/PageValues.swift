import CanonicalOutput
import FlowCore
import SiteKit

/// Small template values shared by the page builders (all numbers pre-formatted, so output is fixed).
enum PageValues {
    /// The CSS class (`FlowNodeClass.cssClass`) and title of a class badge (nil: a module feature).
    static func badge(_ originClass: OriginClass?) -> (cssClass: String, title: String) {
        guard let originClass else { return (FlowNodeClass.moduleLeaf.cssClass, "module feature") }
        return (FlowNodeClass(originClass).cssClass, originClass.title)
    }

    /// Cosine with two decimals.
    static func cosine(_ value: Float?) -> String { Fmt.score(value) }

    /// The lifespan threshold as prose: "0.25", or "the t_R of each layer" under a quantile mode.
    static func persistence(_ analysis: FlowAnalysis) -> String {
        analysis.lifespans.layerThresholds.isEmpty ? Fmt.score(analysis.lifespans.threshold) : "the t_R of each layer"
    }

    /// A share as a percentage: "31 %", "4.2 %", "0.07 %".
    static func percent(_ share: Double) -> String {
        let value = share * 100
        let digits = value >= 10 ? 0 : value >= 0.1 || value == 0 ? 1 : 2
        return Fmt.fixed(value, digits: digits) + " %"
    }

    /// An integer with thousands separators ("100,000").
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }
}
