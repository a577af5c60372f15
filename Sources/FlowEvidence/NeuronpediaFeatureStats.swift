import FlowCore
import Foundation

/// Per-feature statistics from a Neuronpedia feature export (`features/batch-<i>.jsonl.gz`, FORMATS.md §8.2, table
/// `Neuron`): `frac_nonzero` (the share of Neuronpedia's dashboard tokens the feature is active on) and
/// `maxActApprox` (its largest activation there), optionally the activation histogram
/// `freq_hist_data_bar_values` (bar centres) / `freq_hist_data_bar_heights` (counts). Neuronpedia does not say
/// over how many tokens it measured, so the run's `tokens` is the fixed `denominator` (10⁹) and `active` is
/// `round(frac_nonzero · 10⁹)`: the density a page shows (active / tokens) is `frac_nonzero` to 10⁻⁹.
/// `mean` is the histogram's mean (Σ height · centre / Σ height) when the row has one, else 0 (unknown);
/// the histogram has one bin per bar (edges halfway between centres, the outer ones half a spacing out), else
/// one bin [0, max] holding every active token.
enum NeuronpediaFeatureStats {
    /// The token count a Neuronpedia run's densities are stated over.
    static let denominator = 1_000_000_000

    /// The `feature_stats` rows of `files`; rows of sources no SAE has are added to `unknown`.
    static func read(
        files: [String], records: [SAERecord], saes: [String: Int], unknown: inout Set<String>,
        lines: (String) throws -> [(Int, Data)]
    ) throws -> [FeatureActivity] {
        var rows: [String: FeatureActivity] = [:]
        for file in files {
            for (lineNumber, line) in try lines(file) {
                func fail(_ problem: String) -> EvidenceError {
                    EvidenceError(path: file, "line \(lineNumber): \(problem)")
                }
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw fail("not a JSON object")
                }
                guard let model = object["modelId"] as? String else { throw fail("no modelId string") }
                guard let layer = object["layer"] as? String else { throw fail("no layer (source id) string") }
                guard let index = NeuronpediaContexts.featureIndex(object["index"]) else {
                    throw fail("index is neither an integer nor a string of one")
                }
                let source = model + "/" + layer
                guard let sae = saes[source] else {
                    unknown.insert(source)
                    continue
                }
                let record = records[sae]
                guard index >= 0, index < record.dSAE else {
                    throw fail("index \(index) is outside \(source) (\(record.dSAE) features)")
                }
                guard let fraction = try number(object, "frac_nonzero", fail) else { continue }
                guard fraction >= 0, fraction <= 1 else { throw fail("frac_nonzero \(fraction) is not in [0, 1]") }
                let maximum = try number(object, "maxActApprox", fail) ?? 0
                let active = Int((fraction * Double(denominator)).rounded())
                let (mean, histogram) = try histogram(object, active: active, maximum: maximum, fail)
                rows["\(sae) \(index)"] = FeatureActivity(
                    layer: record.layer, hookSite: record.hookSite, feature: index, active: active, mean: mean,
                    max: maximum, histogram: histogram)
            }
        }
        return rows.values.filter { $0.active > 0 }.sorted {
            ($0.layer, $0.hookSite.rawValue, $0.feature) < ($1.layer, $1.hookSite.rawValue, $1.feature)
        }
    }

    /// A finite number field, nil when absent or null.
    static func number(_ object: [String: Any], _ key: String, _ fail: (String) -> EvidenceError) throws -> Double? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, number.doubleValue.isFinite else {
            throw fail("\(key) is not a finite number")
        }
        return number.doubleValue
    }

    /// The mean and histogram of a row (see the type's note).
    static func histogram(
        _ object: [String: Any], active: Int, maximum: Double, _ fail: (String) -> EvidenceError
    ) throws -> (Double, ActivationHistogram) {
        let single = (0.0, ActivationHistogram(edges: [0, max(maximum, 0)], counts: [active]))
        guard let rawValues = object["freq_hist_data_bar_values"], !(rawValues is NSNull),
            let rawHeights = object["freq_hist_data_bar_heights"], !(rawHeights is NSNull)
        else { return single }
        guard let values = (rawValues as? [NSNumber])?.map(\.doubleValue),
            let heights = (rawHeights as? [NSNumber])?.map(\.doubleValue), values.count == heights.count,
            values.allSatisfy(\.isFinite), heights.allSatisfy({ $0.isFinite && $0 >= 0 })
        else {
            throw fail("freq_hist_data_bar_values and _heights are not lists of numbers of the same length")
        }
        guard !values.isEmpty, heights.reduce(0, +) > 0 else { return single }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw fail("freq_hist_data_bar_values are not increasing")
        }
        let total = heights.reduce(0, +)
        let mean = zip(values, heights).reduce(0) { $0 + $1.0 * $1.1 } / total
        var edges: [Double] = []
        for i in values.indices {
            let half = values.count > 1 ? (i > 0 ? values[i] - values[i - 1] : values[1] - values[0]) / 2 : 0.5
            edges.append(i == 0 ? values[0] - half : (values[i - 1] + values[i]) / 2)
        }
        let lastHalf = values.count > 1 ? (values[values.count - 1] - values[values.count - 2]) / 2 : 0.5
        edges.append(values[values.count - 1] + lastHalf)
        return (mean, ActivationHistogram(edges: edges, counts: heights.map { Int($0.rounded()) }))
    }
}
