import Foundation

/// Where a file inside a Hugging Face cache sits: `models--org--name/snapshots/<rev>/…`.
protocol HuggingFaceCached {
    /// The snapshot folder the file sits in, if any.
    var snapshot: String? { get }
    /// The folder that holds the snapshots (`…/models--google--gemma-scope-2b-pt-res`), if any.
    var cacheRepository: String? { get }
    /// The layer the path states.
    var layer: Int { get }
    /// The site the path states.
    var hookSite: HookSite { get }
}

/// Chooses one snapshot per Hugging Face cache repository, so a site never mixes revisions.
struct HuggingFaceSnapshots {
    /// The folder the user gave (a folder inside a snapshot names its revision itself).
    let root: String
    /// `--revision`: a ref under `refs/`, or a snapshot name or prefix.
    let revision: String?

    /// Keeps, per Hugging Face cache repository (`models--…`), the files of one snapshot: `--revision`
    /// (a ref under `refs/` or a snapshot name or prefix), else the snapshot `refs/main` names, else the
    /// only snapshot. Several snapshots and no way to choose is an error: a site must not mix them.
    func choose<Location: HuggingFaceCached>(
        _ found: [(path: String, location: Location)], fileName: String, warnings: inout [String], notes: inout [String]
    ) throws -> [(path: String, location: Location)] {
        let groups = Dictionary(grouping: found) { $0.location.cacheRepository ?? "" }
        var kept = groups[""] ?? []
        for repository in groups.keys.sorted() where !repository.isEmpty {
            let group = groups[repository]!
            let present = Set(group.compactMap(\.location.snapshot))
            let onDisk = Set(
                (try? FileManager.default.contentsOfDirectory(atPath: repository + "/snapshots"))?.filter {
                    !$0.hasPrefix(".")
                } ?? []
            ).union(present)
            let name = (repository as NSString).lastPathComponent
            let (snapshot, reason) = try snapshotName(repository: repository, snapshots: onDisk)
            let chosen = group.filter { $0.location.snapshot == snapshot }
            let others = present.subtracting([snapshot]).sorted()
            notes.append(
                "\(name): snapshot \(snapshot) (\(reason))"
                    + (others.isEmpty ? "" : "; other snapshot(s) ignored: " + others.joined(separator: ", ")))
            if chosen.isEmpty {
                warnings.append(
                    "\(name): snapshot \(snapshot) (\(reason)) holds no \(fileName); nothing of this repository is used"
                )
            }
            kept += chosen
        }
        return kept.sorted { $0.path < $1.path }
    }

    /// The snapshot of `repository` to use and why.
    func snapshotName(repository: String, snapshots: Set<String>) throws -> (String, String) {
        // A folder given inside a snapshot (`…/snapshots/<rev>` or below) names its revision itself.
        let given = URL(fileURLWithPath: root).standardizedFileURL.path
        if revision == nil, given.hasPrefix(repository + "/snapshots/") {
            let snapshot = given.dropFirst((repository + "/snapshots/").count).split(separator: "/").first.map(
                String.init)
            if let snapshot, snapshots.contains(snapshot) { return (snapshot, "the folder given") }
        }
        func read(_ ref: String) throws -> String {
            let path = repository + "/refs/" + ref
            guard let data = MappedFile.contents(atPath: path) else {
                throw WeightError(path: path, .unreadable("file not found or not readable"))
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard snapshots.contains(text) else {
                throw WeightError(
                    path: path,
                    .unrecognised(
                        "refs/\(ref) names snapshot '\(text.prefix(80))', which is not in snapshots/ (found \(snapshots.sorted().joined(separator: ", ")))"
                    ))
            }
            return text
        }
        let fileManager = FileManager.default
        if let revision = revision {
            if !revision.contains("/") && !revision.isEmpty
                && fileManager.fileExists(atPath: repository + "/refs/" + revision)
            {
                return (try read(revision), "--revision \(revision) = refs/\(revision)")
            }
            let matching = snapshots.filter { $0.hasPrefix(revision) }.sorted()
            guard matching.count == 1, !revision.isEmpty else {
                throw WeightError(
                    path: repository,
                    .unrecognised(
                        "--revision \(revision) is "
                            + (matching.isEmpty ? "neither a ref under refs/ nor a snapshot" : "ambiguous")
                            + " (snapshots: \(snapshots.sorted().joined(separator: ", ")))"))
            }
            return (matching[0], "--revision \(revision)")
        }
        if fileManager.fileExists(atPath: repository + "/refs/main") { return (try read("main"), "refs/main") }
        guard snapshots.count == 1, let only = snapshots.first else {
            throw WeightError(
                path: repository,
                .unrecognised(
                    "\(snapshots.count) snapshots (\(snapshots.sorted().joined(separator: ", "))) and no refs/main; pass --revision to choose one"
                ))
        }
        return (only, "the only snapshot")
    }

    /// The files whose path placed them (`location` not nil), one snapshot per cache repository, only the
    /// positions the selected layers need; and the paths that were not placed, for the caller to warn about.
    static func needed<Location: HuggingFaceCached>(
        _ candidates: [(path: String, location: Location?)], fileName: String, context: inout DiscoveryContext
    ) throws -> (needed: [(path: String, location: Location)], unplaced: [String]) {
        let placed = candidates.compactMap { item in item.location.map { (path: item.path, location: $0) } }
        let snapshots = try HuggingFaceSnapshots(root: context.root, revision: context.options.revision).choose(
            placed, fileName: fileName, warnings: &context.warnings, notes: &context.notes)
        let options = context.options
        let needed = snapshots.filter { options.needs(layer: $0.location.layer, hookSite: $0.location.hookSite) }
        return (needed, candidates.filter { $0.location == nil }.map(\.path))
    }
}
