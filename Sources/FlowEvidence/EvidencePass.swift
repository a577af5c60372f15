import Codecs
import FlowCore
import Foundation
import ModelRuntime

/// One evidence pass over a flow database (docs/evidence.md): reads the database's SAE set and matches,
/// streams the text through the model (or reads an activation dump), encodes every batch with every SAE,
/// writes `sae_quality`, `feature_stats`, `feature_context`, `activation_group`, `coactivation` and
/// `deactivation` rows under a new `evidence_run`, and marks it complete last. A complete run with the
/// same key (model, SAE and text checksums, settings) is reused instead.
///
/// The pipeline's `evidence` step calls `EvidencePass.run(database:request:progress:)` with the database
/// it has just built; the CLI's `featureflow evidence` does the same.
public enum EvidencePass {
    /// What a pass has opened: SAEs, model, source, the streaming computation.
    struct Prepared {
        var key: String
        var records: [SAERecord]
        var saes: [EvidenceSAE]
        var model: Transformer?
        var checkpoint: (any CheckpointTensors)?
        var source: ActivationSource
        var computation: EvidenceComputation
        var decode: (Int) -> String
        var run: EvidenceRun
    }

    /// Runs (or reuses) the evidence of `request` on `database`.
    public static func run(
        database: FlowDatabase, request: EvidenceRequest, progress: (EvidenceProgress) -> Void = { _ in }
    ) throws -> EvidenceSummary {
        let (key, records) = try keyAndRecords(database: database, request: request)
        if let run = try database.evidenceRun(key: key) {
            var summary = EvidenceSummary(
                run: run.id, key: key, reused: true, sequences: run.sequences, tokens: run.tokens)
            summary.deactivationEvents = 0
            return summary
        }
        let prepared = try prepare(database: database, request: request, key: key, records: records)
        let (source, computation) = (prepared.source, prepared.computation)
        let id = try database.beginEvidenceRun(prepared.run)
        let startedCPU = CPUClock.now()
        var summary = try stream(prepared, progress: progress)
        summary.run = id

        let writing = ContinuousClock.now
        let writingCPU = CPUClock.now()
        var used = Set<Int32>()
        for (i, sae) in prepared.saes.enumerated() {
            progress(EvidenceProgress(phase: "write", done: i, total: prepared.saes.count, tokensPerSecond: 0))
            let accumulator = computation.accumulators[i]
            try database.write([accumulator.quality(layer: sae.layer, hookSite: sae.hookSite)], run: id)
            try database.write(accumulator.activities(layer: sae.layer, hookSite: sae.hookSite), run: id)
            let windows = try computation.windows(
                of: i, before: request.before, after: request.after, tokens: source.tokens(of:))
            for window in windows { used.formUnion(window.tokens) }
            try database.write(windows, run: id)
        }
        try database.writeVocabulary(vocabulary(used, prepared.decode), run: id)
        for layer in computation.flows.keys.sorted() {
            let flow = computation.flows[layer]!
            try database.write(flow.groupCounts(), run: id)
            try database.write(flow.coactivations(), run: id)
        }
        summary.writeSeconds = (ContinuousClock.now - writing).seconds
        summary.writeCPUSeconds = CPUClock.now() - writingCPU

        if let totals = try deactivation(prepared, request: request, range: nil, summary: &summary, progress: progress)
        {
            try database.write(totals.map(\.row), run: id)
        }
        try database.completeEvidenceRun(id: id, sequences: source.sequenceCount, tokens: computation.tokens)
        summary.totalCPUSeconds += CPUClock.now() - startedCPU
        return summary
    }

    /// Runs slice `shard` (sequences ⌊i·S/N⌋ ..< ⌊(i+1)·S/N⌋ of the S sequences) of the evidence of `request`
    /// and writes its partial state to a new file `output` (docs/evidence.md, "Sharded evidence"); the
    /// database is only read. `EvidenceMerge.merge` adds the N partials into the database.
    public static func runShard(
        database: FlowDatabase, request: EvidenceRequest, shard: ShardSpec, output: String,
        progress: (EvidenceProgress) -> Void = { _ in }
    ) throws -> EvidenceSummary {
        let (key, records) = try keyAndRecords(database: database, request: request)
        let prepared = try prepare(database: database, request: request, key: key, records: records)
        let (source, computation) = (prepared.source, prepared.computation)
        let total = source.sequenceCount
        let range = (shard.index * total / shard.count)..<((shard.index + 1) * total / shard.count)
        source.restrict(to: range)
        let partial = try EvidencePartial.create(path: output)
        try partial.write(
            EvidencePartial.Manifest(
                key: key, shard: shard, sequences: total, range: range, tokens: 0, run: prepared.run,
                saes: records.map { "\($0.layer)/\($0.hookSite.rawValue) \($0.sha256)" }, top: request.top))
        let startedCPU = CPUClock.now()
        var summary = try stream(prepared, progress: progress)
        let writing = ContinuousClock.now
        let writingCPU = CPUClock.now()
        var used = Set<Int32>()
        for (i, sae) in prepared.saes.enumerated() {
            progress(EvidenceProgress(phase: "write", done: i, total: prepared.saes.count, tokensPerSecond: 0))
            let windows = try computation.windows(
                of: i, before: request.before, after: request.after, tokens: source.tokens(of:))
            for window in windows { used.formUnion(window.tokens) }
            try partial.write(
                layer: sae.layer, hookSite: sae.hookSite, accumulator: computation.accumulators[i], windows: windows)
        }
        try partial.writeVocabulary(vocabulary(used, prepared.decode))
        for layer in computation.flows.keys.sorted() {
            try partial.write(layer: layer, flow: computation.flows[layer]!)
        }
        summary.writeSeconds = (ContinuousClock.now - writing).seconds
        summary.writeCPUSeconds = CPUClock.now() - writingCPU
        if let totals = try deactivation(
            prepared, request: request, range: range, summary: &summary, progress: progress)
        {
            try partial.write(totals)
        }
        try partial.complete(tokens: computation.tokens)
        summary.sequences = range.count
        summary.totalCPUSeconds += CPUClock.now() - startedCPU
        return summary
    }

    /// The run key and the database's SAE records (checked: there are SAEs and an input).
    static func keyAndRecords(database: FlowDatabase, request: EvidenceRequest) throws -> (String, [SAERecord]) {
        let records = try database.saes()
        guard !records.isEmpty else { throw EvidenceError(path: database.path, "the database has no SAEs") }
        guard request.acts != nil || (request.model != nil && !request.texts.isEmpty) else {
            throw EvidenceError(path: nil, "evidence needs --model and --text, or --acts")
        }
        return (try runKey(database: database, records: records, request: request), records)
    }

    /// Loads the SAEs and matches, opens the model or dump and sets up the computation.
    static func prepare(
        database: FlowDatabase, request: EvidenceRequest, key: String, records: [SAERecord]
    ) throws -> Prepared {
        let saes = try records.map { record in
            try EvidenceSAE.load(record) { try database.checksum(of: $0) }
        }
        var matches: [Int: [MatchRow]] = [:]
        for layer in Set(records.filter { $0.hookSite == .res }.map(\.layer)) {
            let rows = try database.matches(layer: layer).filter { $0.direction == .backward }
            if !rows.isEmpty { matches[layer] = rows }
        }
        var model: Transformer?
        var checkpoint: (any CheckpointTensors)?
        var tokenizer: Tokenizer?
        if let path = request.model {
            tokenizer = try Tokenizer.load(path: path)
            if request.acts == nil {
                let opened = try ModelCheckpoint.open(path: path)
                checkpoint = opened
                model = try Transformer(checkpoint: opened, weightCacheBytes: request.weightCacheMiB << 20)
            }
        }
        let hookNames = saes.map(\.hookName)
        let source: ActivationSource
        if let acts = request.acts {
            source = try DumpActivationSource(folder: acts, hookNames: hookNames, batch: request.batch)
        } else {
            let corpus = try TokenCorpus(
                files: request.texts, tokenizer: tokenizer!, context: request.context, maxTokens: request.tokens)
            let skip = tokenizer!.addsBOS ? tokenizer!.bosTokenID.map(Int.init) : nil
            source = try ModelActivationSource(
                model: model!, corpus: corpus, hookNames: hookNames, batch: request.batch, skipToken: skip)
        }
        let computation = EvidenceComputation(
            saes: saes, matches: matches, top: request.top, seed: UInt64(truncatingIfNeeded: request.seed))
        let run = EvidenceRun(
            key: key, source: request.acts == nil ? "model" : "acts", model: request.model.map(displayName),
            texts: request.acts == nil ? request.texts.map(displayName) : [displayName(request.acts!)],
            sequences: 0, tokens: 0, context: source.context, seed: request.seed, parameters: request.settingsJSON)
        return Prepared(
            key: key, records: records, saes: saes, model: model, checkpoint: checkpoint, source: source,
            computation: computation, decode: tokenDecoder(tokenizer), run: run)
    }

    /// Streams the source through the computation; the summary's timings of the model and the encoding.
    static func stream(_ prepared: Prepared, progress: (EvidenceProgress) -> Void) throws -> EvidenceSummary {
        let (source, computation) = (prepared.source, prepared.computation)
        let started = ContinuousClock.now
        var readSeconds: Double = 0
        var readCPUSeconds: Double = 0
        var done = 0
        while true {
            let before = ContinuousClock.now
            let beforeCPU = CPUClock.now()
            guard let batch = try source.next() else { break }
            readSeconds += (ContinuousClock.now - before).seconds
            readCPUSeconds += CPUClock.now() - beforeCPU
            try computation.add(batch)
            done += batch.sequences.count
            let elapsed = (ContinuousClock.now - started).seconds
            progress(
                EvidenceProgress(
                    phase: "encode", done: done, total: source.sequenceCount,
                    tokensPerSecond: Double(computation.tokens) / max(elapsed, 1e-9)))
        }
        var summary = EvidenceSummary(
            run: 0, key: prepared.key, reused: false, sequences: source.sequenceCount, tokens: computation.tokens)
        summary.modelSeconds = readSeconds
        summary.encodingSeconds = computation.encodingSeconds
        summary.statisticsSeconds = computation.statisticsSeconds
        summary.modelCPUSeconds = readCPUSeconds
        summary.encodingCPUSeconds = computation.encodingCPUSeconds
        summary.statisticsCPUSeconds = computation.statisticsCPUSeconds
        return summary
    }

    /// The deactivation sample's sums over the sampled sequences in `range` (all when nil); nil when the
    /// pass has no model (a dump) or the sample is empty by request.
    static func deactivation(
        _ prepared: Prepared, request: EvidenceRequest, range: Range<Int>?, summary: inout EvidenceSummary,
        progress: (EvidenceProgress) -> Void
    ) throws -> [DeactivationTotal]? {
        guard let model = prepared.model, let checkpoint = prepared.checkpoint,
            let modelSource = prepared.source as? ModelActivationSource, request.deactivationTexts > 0
        else { return nil }
        let clock = ContinuousClock.now
        let clockCPU = CPUClock.now()
        let deactivator = Deactivator(model: model, checkpoint: checkpoint, computation: prepared.computation)
        let (totals, events) = try deactivator.totals(
            corpus: modelSource.corpus, skipToken: modelSource.skipToken, request: request, range: range
        ) { done, total in
            progress(EvidenceProgress(phase: "deactivation", done: done, total: total, tokensPerSecond: 0))
        }
        summary.deactivationEvents = events
        summary.deactivationSeconds = (ContinuousClock.now - clock).seconds
        summary.deactivationCPUSeconds = CPUClock.now() - clockCPU
        return totals
    }

    /// The decoded text of every id in `ids`.
    static func vocabulary(_ ids: Set<Int32>, _ decode: (Int) -> String) -> [Int: String] {
        var entries: [Int: String] = [:]
        for id in ids { entries[Int(id)] = decode(Int(id)) }
        return entries
    }

    /// SHA-256 over the model, SAE and text checksums and the settings.
    static func runKey(database: FlowDatabase, records: [SAERecord], request: EvidenceRequest) throws -> String {
        var lines: [String] = []
        if let model = request.model { lines.append("model " + (try checksum(path: model, database: database))) }
        for record in records { lines.append("sae \(record.layer)/\(record.hookSite.rawValue) \(record.sha256)") }
        for text in request.texts where request.acts == nil {
            lines.append("text " + (try database.checksum(ofFile: text)))
        }
        if let acts = request.acts { lines.append("acts " + (try checksum(path: acts, database: database))) }
        lines.append("settings " + request.settingsJSON)
        return Array(lines.joined(separator: "\n").utf8).withUnsafeBytes { SHA256.hex(of: $0) }
    }

    /// A file's checksum, or for a folder the checksum of its files' names and checksums (a dump with a
    /// `capture.json` is identified by it: it lists every output's SHA-256).
    static func checksum(path: String, database: FlowDatabase) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvidenceError(path: path, "no such file or folder")
        }
        guard isDirectory.boolValue else { return try database.checksum(ofFile: path) }
        var names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if names.contains("capture.json") { names = names.filter { $0 == "capture.json" || $0 == "mask.npy" } }
        var lines = ""
        for name in names.sorted() {
            var folder: ObjCBool = false
            let file = path + "/" + name
            guard FileManager.default.fileExists(atPath: file, isDirectory: &folder), !folder.boolValue else {
                continue
            }
            lines += "\(name) \(try database.checksum(ofFile: file))\n"
        }
        return Array(lines.utf8).withUnsafeBytes { SHA256.hex(of: $0) }
    }

    /// Decodes one token id (cached), or `#id` without a tokeniser.
    static func tokenDecoder(_ tokenizer: Tokenizer?) -> (Int) -> String {
        guard let tokenizer else { return { "#\($0)" } }
        var cache: [Int: String] = [:]
        return { id in
            if let text = cache[id] { return text }
            let text = tokenizer.decode([Int32(truncatingIfNeeded: id)])
            cache[id] = text
            return text
        }
    }

    /// The last path component.
    static func displayName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
