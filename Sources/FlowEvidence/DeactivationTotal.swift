import FlowCore

/// The sums behind one `deactivation` row (layer, mode, r): sampled events, successes and the sum of
/// 1 − z_new/z_old. Shards store these, and merge adds them before dividing.
public struct DeactivationTotal: Equatable, Sendable {
    public var layer: Int
    public var mode: String
    public var r: Double
    public var samples: Int
    public var successes: Int
    public var changeSum: Double

    /// A total.
    public init(layer: Int, mode: String, r: Double, samples: Int, successes: Int, changeSum: Double) {
        self.layer = layer
        self.mode = mode
        self.r = r
        self.samples = samples
        self.successes = successes
        self.changeSum = changeSum
    }

    /// The stored row: the mean change over the samples (0 without samples).
    public var row: Deactivation {
        Deactivation(
            layer: layer, mode: mode, r: r, samples: samples, successes: successes,
            meanChange: samples > 0 ? changeSum / Double(samples) : 0)
    }

    /// Totals of several shards added per (layer, mode, r), in the order of their first appearance.
    public static func merged(_ parts: [[DeactivationTotal]]) -> [DeactivationTotal] {
        var order: [String] = []
        var sums: [String: DeactivationTotal] = [:]
        for part in parts {
            for total in part {
                let key = "\(total.layer) \(total.mode) \(total.r)"
                if var sum = sums[key] {
                    sum.samples += total.samples
                    sum.successes += total.successes
                    sum.changeSum += total.changeSum
                    sums[key] = sum
                } else {
                    order.append(key)
                    sums[key] = total
                }
            }
        }
        return order.map { sums[$0]! }
    }
}
