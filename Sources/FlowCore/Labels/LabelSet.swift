import Codecs
import Foundation

/// Labels of features, read from Neuronpedia explanation exports (JSONL, optionally gzipped) and
/// simple CSV files (`layer,site,index,label`). FORMATS.md §8.
public struct LabelSet: Sendable {
    /// Labels per feature, in file order.
    public private(set) var labels: [FeatureID: [FeatureLabel]] = [:]

    /// Uncompressed size limit per file (a Neuronpedia 16k layer is ~100 MB of JSONL).
    public static let sizeLimit = 2 << 30

    public init() {}

    /// The labels of one feature (empty when none).
    public subscript(feature: FeatureID) -> [FeatureLabel] { labels[feature] ?? [] }

    /// Number of labelled features.
    public var count: Int { labels.count }

    /// Reads every file; `sources` maps Neuronpedia source ids (e.g. `24-gemmascope-res-16k`) to
    /// (layer, site) and wins over parsing the id. Problems in all files are collected, then thrown once.
    /// `limit` bounds each file's size after decompression (a gzip bomb is refused when it passes it).
    public static func load(paths: [String], sources: [String: (Int, HookSite)] = [:], limit: Int = sizeLimit) throws
        -> LabelSet
    {
        var set = LabelSet()
        var problems: [any LocatedError] = []
        for path in paths {
            do {
                let bytes = try read(path, limit: limit)
                let name = (path as NSString).lastPathComponent
                let text = String(decoding: bytes, as: UTF8.self)
                if name.hasSuffix(".csv") {
                    try set.addCSV(text, path: path, source: name, problems: &problems)
                } else {
                    try set.addJSONL(text, path: path, source: name, sources: sources, problems: &problems)
                }
            } catch let error as LabelError {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw ProblemList(problems) }
        return set
    }

    static func read(_ path: String, limit: Int = sizeLimit) throws -> [UInt8] {
        // Refuse a file larger than the limit before reading it into memory.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limit { throw LabelError(path: path, line: nil, reason: .tooLarge(limit: limit)) }
        guard let bytes = MappedFile.contents(atPath: path) else {
            throw LabelError(path: path, line: nil, reason: .unreadable("no such file or not readable"))
        }
        guard Gunzip.isGzip(bytes) else {
            if bytes.count > limit { throw LabelError(path: path, line: nil, reason: .tooLarge(limit: limit)) }
            return bytes
        }
        do {
            return try Gunzip.decompress(bytes, limit: limit)
        } catch Gunzip.Failure.tooLarge(let limit) {
            throw LabelError(path: path, line: nil, reason: .tooLarge(limit: limit))
        } catch {
            throw LabelError(path: path, line: nil, reason: .unreadable("corrupt gzip data (\(error))"))
        }
    }

    mutating func add(_ label: FeatureLabel, to feature: FeatureID) {
        if !(labels[feature]?.contains(label) ?? false) { labels[feature, default: []].append(label) }
    }

    /// (layer, site) from a source id like `24-gemmascope-res-16k` or `3-synthetic-mlp`.
    static func parseSource(_ source: String) -> (Int, HookSite)? {
        let parts = source.split(separator: "-").map(String.init)
        guard let first = parts.first, let layer = Int(first), layer >= 0 else { return nil }
        let hookSites = parts.dropFirst().compactMap { part -> HookSite? in
            switch part {
            case "res", "resid", "resid_post", "r": return .res
            case "mlp", "m": return .mlp
            case "att", "attn", "a": return .att
            default: return nil
            }
        }
        return hookSites.count == 1 ? (layer, hookSites[0]) : nil
    }
}
