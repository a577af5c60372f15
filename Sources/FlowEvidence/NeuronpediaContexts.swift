import Codecs
import FlowCore
import Foundation

/// Top contexts from a Neuronpedia activation export (FORMATS.md §8.2): every
/// `activations/batch-<i>.jsonl.gz` under a folder, one JSON object per line with `modelId`, `layer` (the source
/// id), `index` (string or number), `tokens` (strings) and `values` (numbers, one per token), optionally
/// `maxValue` and `maxValueTokenIndex`. A row belongs to the SAE whose `neuronpedia_id` is `modelId/layer`; rows
/// of other sources are counted and left out. Per feature the `top` rows with the highest activation (the row's
/// `maxValue`, else its largest value; ties to the row read first) become `feature_context` rows: the window of
/// `before` tokens before and `after` after the active token (`maxValueTokenIndex`, else the first largest
/// value), under an `evidence_run` with source `neuronpedia`. Token strings get ids in the run's vocabulary in
/// order of first use. The export's per-context maxima are not a feature's statistics over a text; a feature
/// export under the same folder (`features/batch-<i>.jsonl.gz`) gives `feature_stats` rows instead
/// (`NeuronpediaFeatureStats`: density from `frac_nonzero`, maximum from `maxActApprox`).
public enum NeuronpediaContexts {
    /// What an import did.
    public struct Summary: Sendable, Equatable {
        public var run: Int
        public var reused: Bool
        /// Rows read, rows stored into some SAE's features, files read.
        public var rows: Int
        public var matchedRows: Int
        public var files: Int
        /// Context rows written.
        public var contexts: Int
        /// `modelId/layer` of rows whose source no SAE of the database has.
        public var unknownSources: [String]
        /// `feature_stats` rows written from the feature export (`features/batch-*.jsonl.gz`).
        public var featureStats: Int = 0
    }

    struct Entry {
        var value: Float
        var row: Int
        var ids: [Int32]
        var focus: Int
        var position: Int
    }

    /// The export's `<kind>/batch-<i>.jsonl.gz` files under `folder` (`kind` `activations` or `features`), by
    /// folder then batch number; none is an empty list.
    static func batchFiles(in folder: String, kind: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EvidenceError(path: folder, "not a folder (give the export's folder holding activations/)")
        }
        var files: [(String, Int, String)] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let parts = relative.split(separator: "/").map(String.init)
            guard parts.count >= 2, let name = parts.last, parts[parts.count - 2] == kind,
                name.hasPrefix("batch-"), name.hasSuffix(".jsonl.gz"), let number = Int(name.dropFirst(6).dropLast(9))
            else { continue }
            files.append((parts.dropLast().joined(separator: "/"), number, folder + "/" + relative))
        }
        return files.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// Imports the export under `folder` into `database`.
    public static func run(
        database: FlowDatabase, folder: String, top: Int = 20, before: Int = 8, after: Int = 4
    ) throws -> Summary {
        let records = try database.saes()
        var saes: [String: Int] = [:]
        for (i, record) in records.enumerated() {
            if let id = record.neuronpediaID, !id.isEmpty { saes[id] = i }
        }
        guard !saes.isEmpty else {
            throw EvidenceError(
                path: database.path, "no SAE of the database has a Neuronpedia id (the sae table's neuronpedia_id)")
        }
        let files = try batchFiles(in: folder, kind: "activations")
        let featureFiles = try batchFiles(in: folder, kind: "features")
        guard !files.isEmpty || !featureFiles.isEmpty else {
            throw EvidenceError(
                path: folder,
                "no activations/batch-<i>.jsonl.gz or features/batch-<i>.jsonl.gz files (a Neuronpedia export)")
        }
        let settings = "{\"after\":\(after),\"before\":\(before),\"source\":\"neuronpedia\",\"top\":\(top)}"
        var keyLines = records.map { "sae \($0.layer)/\($0.hookSite.rawValue) \($0.sha256) \($0.neuronpediaID ?? "")" }
        for file in files + featureFiles {
            keyLines.append("np \(file.dropFirst(folder.count)) \(try database.checksum(ofFile: file))")
        }
        keyLines.append("settings " + settings)
        let key = Array(keyLines.joined(separator: "\n").utf8).withUnsafeBytes { SHA256.hex(of: $0) }
        if let run = try database.evidenceRun(key: key) {
            return Summary(
                run: run.id, reused: true, rows: run.sequences, matchedRows: 0, files: files.count + featureFiles.count,
                contexts: 0, unknownSources: [])
        }

        var kept: [Int: [Int: [Entry]]] = [:]
        var vocabulary: [String: Int32] = [:]
        var rows = 0
        var matched = 0
        var unknown = Set<String>()
        for file in files {
            for (lineNumber, line) in try Self.lines(of: file) {
                let row = try parse(line, file: file, line: lineNumber)
                rows += 1
                guard let sae = saes[row.source] else {
                    unknown.insert(row.source)
                    continue
                }
                guard row.index >= 0, row.index < records[sae].dSAE else {
                    throw EvidenceError(
                        path: file,
                        "line \(lineNumber): index \(row.index) is outside \(row.source) (\(records[sae].dSAE) features)"
                    )
                }
                matched += 1
                var list = kept[sae, default: [:]][row.index, default: []]
                // Best first; a later row must beat the worst kept one strictly.
                guard list.count < top || (list.last.map { row.value > $0.value } ?? true), top > 0 else { continue }
                let lower = max(0, row.focus - before)
                let upper = min(row.tokens.count, row.focus + after + 1)
                let ids = row.tokens[lower..<upper].map { token -> Int32 in
                    if let id = vocabulary[token] { return id }
                    let id = Int32(vocabulary.count)
                    vocabulary[token] = id
                    return id
                }
                let entry = Entry(
                    value: row.value, row: rows - 1, ids: ids, focus: row.focus - lower, position: row.focus)
                let at = list.firstIndex { $0.value < entry.value } ?? list.count
                list.insert(entry, at: at)
                if list.count > top { list.removeLast() }
                kept[sae, default: [:]][row.index] = list
            }
        }
        let features = try NeuronpediaFeatureStats.read(
            files: featureFiles, records: records, saes: saes, unknown: &unknown, lines: Self.lines(of:))
        let tokens = features.isEmpty ? 0 : NeuronpediaFeatureStats.denominator
        let run = EvidenceRun(
            key: key, source: "neuronpedia", model: nil,
            texts: [folder.split(separator: "/").last.map(String.init) ?? folder],
            sequences: rows, tokens: tokens, context: 0, seed: 0, parameters: settings)
        let id = try database.beginEvidenceRun(run)
        try database.write(features, run: id)
        var contexts = 0
        for sae in kept.keys.sorted() {
            let record = records[sae]
            var windows: [ContextWindow] = []
            for feature in kept[sae]!.keys.sorted() {
                for (rank, entry) in kept[sae]![feature]!.enumerated() {
                    windows.append(
                        ContextWindow(
                            layer: record.layer, hookSite: record.hookSite, feature: feature, rank: rank + 1,
                            activation: Double(entry.value), sequence: entry.row, position: entry.position,
                            tokens: entry.ids, focus: entry.focus))
                }
            }
            contexts += windows.count
            try database.write(windows, run: id)
        }
        try database.writeVocabulary(
            Dictionary(uniqueKeysWithValues: vocabulary.map { (Int($0.value), $0.key) }), run: id)
        try database.completeEvidenceRun(id: id, sequences: rows, tokens: tokens)
        return Summary(
            run: id, reused: false, rows: rows, matchedRows: matched, files: files.count + featureFiles.count,
            contexts: contexts, unknownSources: unknown.sorted(), featureStats: features.count)
    }

    /// The non-blank lines of a gzip JSONL file with their 1-based numbers.
    static func lines(of file: String) throws -> [(Int, Data)] {
        guard let compressed = FileManager.default.contents(atPath: file) else {
            throw EvidenceError(path: file, "cannot read")
        }
        let bytes: [UInt8]
        do {
            bytes = try Gunzip.decompress(Array(compressed), limit: 1 << 34)
        } catch {
            throw EvidenceError(path: file, "not a readable gzip file: \(error)")
        }
        var result: [(Int, Data)] = []
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            result.append((n + 1, Data(line)))
        }
        return result
    }

    /// One activation row.
    struct Row {
        var source: String
        var index: Int
        var tokens: [String]
        var value: Float
        var focus: Int
    }

    /// A Neuronpedia `index`: a string of an integer (the database's column type) or a number.
    static func featureIndex(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(text) }
        if let number = value as? NSNumber { return Int(exactly: number.doubleValue) }
        return nil
    }

    /// Parses one line; errors name the file, the line and the field.
    static func parse(_ line: Data, file: String, line number: Int) throws -> Row {
        func fail(_ problem: String) -> EvidenceError { EvidenceError(path: file, "line \(number): \(problem)") }
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard let model = object["modelId"] as? String else { throw fail("no modelId string") }
        guard let layer = object["layer"] as? String else { throw fail("no layer (source id) string") }
        guard let index = featureIndex(object["index"]) else {
            throw fail("index is neither an integer nor a string of one")
        }
        guard let tokens = object["tokens"] as? [String] else { throw fail("tokens is not a list of strings") }
        guard let numbers = object["values"] as? [NSNumber], numbers.count == tokens.count else {
            throw fail("values is not a list of numbers as long as tokens (\(tokens.count))")
        }
        guard !tokens.isEmpty else { throw fail("tokens is empty") }
        let values = numbers.map { Float($0.doubleValue) }
        var focus = values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
        if let given = object["maxValueTokenIndex"] as? NSNumber {
            guard let at = Int(exactly: given.doubleValue), at >= 0, at < tokens.count else {
                throw fail("maxValueTokenIndex \(given) is outside the \(tokens.count) tokens")
            }
            focus = at
        }
        let value = (object["maxValue"] as? NSNumber).map { Float($0.doubleValue) } ?? values[focus]
        guard value.isFinite else { throw fail("maxValue is not finite") }
        return Row(source: model + "/" + layer, index: index, tokens: tokens, value: value, focus: focus)
    }
}
