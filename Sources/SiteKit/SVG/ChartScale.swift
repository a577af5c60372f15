/// A linear value axis from 0 to a "nice" maximum with evenly spaced ticks.
public struct ChartScale: Hashable {
    /// The top of the axis (at least the largest value).
    public let maximum: Double
    /// Distance between ticks.
    public let step: Double

    /// A scale covering 0…`value` with about four ticks at 1, 2, 2.5 or 5 × 10ⁿ; integer steps when `integers`.
    public init(covering value: Double, integers: Bool) {
        let target = value.isFinite && value > 0 ? value : 1
        let raw = target / 4
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let normalized = raw / magnitude
        var step: Double
        if normalized <= 1 {
            step = magnitude
        } else if normalized <= 2 {
            step = 2 * magnitude
        } else if normalized <= 2.5 {
            step = 2.5 * magnitude
        } else if normalized <= 5 {
            step = 5 * magnitude
        } else {
            step = 10 * magnitude
        }
        if integers { step = max(1, step.rounded(.up)) }
        self.step = step
        self.maximum = (target / step).rounded(.up) * step
    }

    /// The tick values from 0 to `maximum`.
    public var ticks: [Double] {
        let count = Int((maximum / step).rounded())
        return (0...max(count, 0)).map { Double($0) * step }
    }

    /// A tick label: integers without decimals, others with up to two.
    public func label(_ value: Double) -> String {
        if value == value.rounded() { return SVGNumber.fixed(value, decimals: 0) }
        let text = SVGNumber.fixed(value, decimals: 2)
        return text.hasSuffix("0") ? String(text.dropLast()) : text
    }
}
