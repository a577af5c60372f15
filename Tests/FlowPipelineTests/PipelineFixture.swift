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

    /// Writes a `layers`-layer family (d_model `dModel`, width `width`) into a fresh folder.
    init(layers: Int = 3, dModel: Int = 64, width: Int = 32) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try SyntheticFamilyWriter(
            options: SyntheticFamilyOptions(
                layers: layers, dModel: dModel, width: width, seed: 5, truthCheck: TruthCheck.none)
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
final class CapturedLines: Sendable {
    private let text = Locked("")
    private let watch: @Sendable (String) -> Void

    /// Captures lines; `watch` sees each written chunk as it arrives.
    init(watch: @escaping @Sendable (String) -> Void = { _ in }) { self.watch = watch }

    /// A non-interactive printer writing here.
    var printer: ProgressPrinter {
        ProgressPrinter(quiet: false, interactive: false) { [self] chunk in
            text.withLock { $0 += chunk }
            watch(chunk)
        }
    }

    /// Every complete line so far.
    var lines: [String] { text.withLock { $0.split(separator: "\n").map(String.init) } }
}
