import Foundation

/// One SAE format: how discovery and manifests recognise it and how it loads. Every format is one type
/// conforming to this protocol, listed once in `SAEFormats.all`; discovery (`SAEDiscovery`), manifests
/// (`SAEManifest`) and single-file paths (`SAECatalog.load`) only ever go through that list.
protocol SAEFormatReader: Sendable {
    /// What discovery keeps of one SAE it found, before choosing and loading (a folder, a path and what the
    /// path says…).
    associatedtype Candidate

    /// The format's name (`--format`, a manifest's `format:`, the flow database).
    var format: SAEFormat { get }
    /// The format's name for people (`SAELens`, `Gemma Scope`).
    var displayName: String { get }

    /// Whether `path` (a folder or file named by a manifest entry without `format:`) holds this format.
    func detect(path: String) -> Bool

    /// Discovery: the candidate a walked file stands for, or nil when the file does not mark this format.
    /// Files are offered in sorted path order; a file claimed by an earlier format is not offered again.
    func candidate(_ file: WalkedFile, options: CatalogOptions) -> Candidate?

    /// The folder a candidate lives in when its name may be a hook name (`blocks.9.hook_resid_post`): its
    /// problems are ignored when the hook lies outside the selected layers. Nil when that does not apply.
    func hookFolder(of candidate: Candidate) -> String?

    /// Discovery: the candidates to load (one per position, the selected layers only, …); notes and
    /// warnings go to `context`. The default keeps every candidate.
    func choose(_ candidates: [Candidate], context: inout DiscoveryContext) throws -> [Candidate]

    /// Loads a discovered candidate; `warnings` receives notes that do not stop loading.
    func load(_ candidate: Candidate, warnings: inout [String]) throws -> SAE

    /// Loads a manifest entry: its path, with the position (and hook) the entry states.
    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE

    /// Loads a single file given as the input path (`featureflow inspect params.npz`), or returns nil when
    /// the format has no single-file form or the file is not of this format. The default returns nil.
    func loadFile(_ path: String, options: CatalogOptions) throws -> SAE?
}

extension SAEFormatReader {
    func choose(_ candidates: [Candidate], context: inout DiscoveryContext) throws -> [Candidate] { candidates }

    func loadFile(_ path: String, options: CatalogOptions) throws -> SAE? { nil }

    func hookFolder(of candidate: Candidate) -> String? { nil }

    /// Discovery for this format: claims its files among `files` (skipping those already claimed), chooses,
    /// and loads each chosen candidate into `context` (a failure becomes a problem or a "skipped" warning).
    func discover(_ files: [WalkedFile], claimed: inout Set<String>, context: inout DiscoveryContext) throws {
        var found: [Candidate] = []
        for file in files where !claimed.contains(file.path) {
            guard let candidate = candidate(file, options: context.options) else { continue }
            claimed.insert(file.path)
            found.append(candidate)
        }
        for candidate in try choose(found, context: &context) {
            do {
                context.saes.append(try load(candidate, warnings: &context.warnings))
            } catch {
                context.record(error, hookFolder: hookFolder(of: candidate))
            }
        }
    }
}

/// Whether a file or folder exists at `path`.
func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
