import FlowCore
import FlowReport
import Foundation

@testable import FlowPipeline

/// A temporary folder holding a tiny synthetic SAE family, and what the pipeline tests need around it.
struct PipelineFixture {
    /// The temporary folder (removed by `remove()`).
    let root: String
    /// The SAE folder.
    var saes: String { root + "/saes" }
    /// The site folder.
    var out: String { root + "/site" }
    /// The flow database.
    var database: String { root + "/flow.sqlite" }

    /// Writes a 3-layer family (d_model 64, width 32) into a fresh folder.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try SyntheticFamilyWriter(
            options: SyntheticFamilyOptions(layers: 3, dModel: 64, width: 32, seed: 5, truthCheck: TruthCheck.none)
        )
        .write(to: saes)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// A whole build's request (match, analyse, labels, render, check) with the site titled `title`.
    func buildRequest(title: String = "pipeline test") -> BuildRequest {
        var options = SiteOptions()
        options.title = title
        return BuildRequest(
            database: database, matching: MatchRequest(input: saes, removesNewDatabaseOnFailure: true),
            site: SiteRequest(out: out, options: options, labels: [saes + "/labels.jsonl"]))
    }
}

/// A progress printer whose lines are kept (and optionally watched) instead of written to stderr.
final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private let watch: (String) -> Void

    /// Captures lines; `watch` sees each written chunk as it arrives.
    init(watch: @escaping (String) -> Void = { _ in }) { self.watch = watch }

    /// A non-interactive printer writing here.
    var printer: ProgressPrinter {
        ProgressPrinter(quiet: false, interactive: false) { [self] chunk in
            lock.lock()
            text += chunk
            lock.unlock()
            watch(chunk)
        }
    }

    /// Every complete line so far.
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return text.split(separator: "\n").map(String.init)
    }
}
