import Foundation

/// Writes a site atomically and only where it is safe to.
///
/// The site is built in a staging folder beside the target (`.<name>.staging-<pid>`, marked before anything else is
/// written), then swapped in: the staging folder and the old site are exchanged in one step
/// (`renameat2(RENAME_EXCHANGE)`), and the staging folder, now holding the old site, is deleted. Where the exchange is
/// unavailable the old site is renamed to `.<name>.backup-<pid>` and the new one renamed to the target; a run killed
/// between the two renames leaves the backup, which the next run moves back when the target is missing.
///
/// A marker file (`.featureflow-site`) identifies folders featureflow created; the writer refuses `/`, the home
/// folder (and its ancestors), a non-empty folder without the marker, a non-folder, and a symbolic link leading
/// outside the folder it sits in, and never deletes a non-empty folder without the marker (the marker is deleted
/// last, so a deletion cut short stays marked). An interrupted build leaves the previous site in place; leftover
/// staging/backup folders are removed by the next run when they carry the marker or are empty.
///
/// A folder holding nothing but placeholder files (`.gitkeep`, `.gitignore`: a committed `Output/`) counts as empty;
/// those files are carried over into every new site, so a repository stays clean after a build.
public struct SiteWriter: Sendable {
    /// Name of the marker file at the top of every site featureflow writes.
    public static let markerName = ".featureflow-site"
    /// Contents of the marker file (fixed: the site stays byte-identical for identical input).
    public static let markerContents =
        "This folder was written by featureflow. featureflow may replace or delete it; it never touches folders without this file.\n"

    /// Files that keep an otherwise empty folder in version control; kept across builds.
    public static let placeholderNames: Set<String> = [".gitkeep", ".gitignore"]

    /// The target folder as given (relative paths are taken from the current directory).
    public let target: String
    /// The home folder to protect (default: `$HOME`); a test seam.
    public var homeDirectory: String?
    /// The process id used in staging names; a test seam.
    public var processID: Int32

    /// A writer for `target`.
    public init(target: String, homeDirectory: String? = nil, processID: Int32? = nil) {
        self.target = target
        self.homeDirectory = homeDirectory ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        self.processID = processID ?? ProcessInfo.processInfo.processIdentifier
    }

    /// Checks the target and returns the absolute folder the site will be written to (symlinks within the parent
    /// folder resolved), or throws a `SiteError` saying what is refused and why.
    public func resolvedTarget() throws -> String {
        let absolute = Self.absolute(target)
        try refuseProtected(absolute, as: target)
        var resolved = absolute
        if isSymlink(absolute) {
            let parent = Self.realPath((absolute as NSString).deletingLastPathComponent)
            let destination = Self.realPath(absolute)
            guard destination.hasPrefix(parent + "/"), destination != parent else {
                throw SiteError(
                    path: target,
                    message:
                        "refusing to write the site: it is a symbolic link to \(destination), outside \(parent); give the real folder instead",
                    reason: .refusedSymlink)
            }
            resolved = destination
            try refuseProtected(resolved, as: target)
        }
        _ = try state(of: resolved)
        return resolved
    }

    /// Builds a site in a staging folder with `build`, then swaps it in for the target. Returns the target's
    /// absolute path. When `build` throws, the staging folder is removed and the previous site stays as it was.
    @discardableResult
    public func write(_ build: (SiteStaging) throws -> Void) throws -> String {
        let destination = try resolvedTarget()
        let parent = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteError(path: parent, message: "could not create the folder for the site", reason: .io)
        }
        removeLeftovers(in: parent, name: name)

        let staging = parent + "/.\(name).staging-\(processID)"
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            try Data(Self.markerContents.utf8).write(to: URL(fileURLWithPath: staging + "/" + Self.markerName))
        } catch {
            throw SiteError(path: staging, message: "could not create the staging folder", reason: .io)
        }
        do {
            try build(SiteStaging(root: staging))
        } catch {
            removeMarked(staging)
            throw error
        }

        do {
            try swap(staging: staging, into: destination, backup: parent + "/.\(name).backup-\(processID)")
        } catch {
            removeMarked(staging)
            throw error
        }
        return destination
    }

    // MARK: - Checks

    enum TargetState { case missing, empty, marked }

    func state(of path: String) throws -> TargetState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if isSymlink(path) {
                throw SiteError(
                    path: path, message: "refusing to write the site: it is a dangling symbolic link",
                    reason: .refusedSymlink)
            }
            return .missing
        }
        guard isDirectory.boolValue else {
            throw SiteError(
                path: path, message: "refusing to write the site: it exists and is not a folder", reason: .notAFolder)
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if contents.allSatisfy({ isPlaceholder(path + "/" + $0) }) { return .empty }
        if Self.hasMarker(path) { return .marked }
        throw SiteError(
            path: path,
            message:
                "refusing to replace a non-empty folder that featureflow did not create (no \(Self.markerName) in it); choose an empty or new folder",
            reason: .refusedUnmarked)
    }

    func refuseProtected(_ absolute: String, as given: String) throws {
        if absolute == "/" {
            throw SiteError(
                path: given, message: "refusing to write the site to the root folder /", reason: .refusedRoot)
        }
        guard let homeDirectory, !homeDirectory.isEmpty else { return }
        let homes = Set([Self.absolute(homeDirectory), Self.realPath(Self.absolute(homeDirectory))])
        let candidates = Set([absolute, Self.realPath(absolute)])
        for home in homes {
            for candidate in candidates where candidate == home || home.hasPrefix(candidate + "/") {
                throw SiteError(
                    path: given,
                    message: "refusing to write the site to the home folder \(home) or a folder containing it",
                    reason: .refusedHome)
            }
        }
    }

    /// True for a regular file (not a link) named like a placeholder.
    func isPlaceholder(_ path: String) -> Bool {
        guard Self.placeholderNames.contains((path as NSString).lastPathComponent),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular
    }

    /// Copies the placeholder files of `folder` into `staging` (unless the new site has its own).
    func carryPlaceholders(from folder: String, into staging: String) throws {
        for name in Self.placeholderNames.sorted() where isPlaceholder(folder + "/" + name) {
            let destination = staging + "/" + name
            guard !FileManager.default.fileExists(atPath: destination) else { continue }
            do {
                try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: destination)
            } catch {
                throw SiteError(
                    path: folder + "/" + name, message: "could not carry the placeholder file into the new site",
                    reason: .io)
            }
        }
    }

    static func hasMarker(_ folder: String) -> Bool {
        let marker = folder + "/" + markerName
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: marker) else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular
    }

    func isSymlink(_ path: String) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return attributes?[.type] as? FileAttributeType == .typeSymbolicLink
    }

    // MARK: - Swapping and cleaning

    func swap(staging: String, into destination: String, backup: String) throws {
        let fileManager = FileManager.default
        switch try state(of: destination) {
        case .missing:
            break
        case .empty:
            // An empty folder (or one with placeholders only, copied first) holds nothing to lose; removing it lets
            // the rename take its place.
            try carryPlaceholders(from: destination, into: staging)
            try? fileManager.removeItem(atPath: destination)
        case .marked:
            try carryPlaceholders(from: destination, into: staging)
            if DirectoryExchange.exchange(staging, destination) {
                removeMarked(staging)  // now the previous site
                return
            }
            removeMarked(backup)
            do {
                try fileManager.moveItem(atPath: destination, toPath: backup)
            } catch {
                throw SiteError(path: destination, message: "could not move the previous site aside", reason: .io)
            }
        }
        do {
            try fileManager.moveItem(atPath: staging, toPath: destination)
        } catch {
            if fileManager.fileExists(atPath: backup) { try? fileManager.moveItem(atPath: backup, toPath: destination) }
            throw SiteError(path: destination, message: "could not move the new site into place", reason: .io)
        }
        removeMarked(backup)
    }

    /// Cleans up after interrupted runs: when the target is missing and a marked `.<name>.backup-*` exists (a run
    /// killed between the two renames of the fallback swap), moves the backup back; then removes
    /// `.<name>.staging-*` and `.<name>.backup-*` folders that carry the marker or are empty.
    func removeLeftovers(in parent: String, name: String) {
        let fileManager = FileManager.default
        guard let entries = try? fileManager.contentsOfDirectory(atPath: parent) else { return }
        let leftovers = entries.sorted().filter {
            $0.hasPrefix(".\(name).staging-") || $0.hasPrefix(".\(name).backup-")
        }
        let destination = parent + "/" + name
        if !fileManager.fileExists(atPath: destination), !isSymlink(destination),
            let backup = leftovers.first(where: {
                $0.hasPrefix(".\(name).backup-") && !isSymlink(parent + "/" + $0) && Self.hasMarker(parent + "/" + $0)
            })
        {
            try? fileManager.moveItem(atPath: parent + "/" + backup, toPath: destination)
        }
        for entry in leftovers {
            let path = parent + "/" + entry
            if isSymlink(path) { continue }
            if Self.hasMarker(path) {
                removeMarked(path)
            } else if (try? fileManager.contentsOfDirectory(atPath: path))?.isEmpty == true {
                // A run killed between creating its staging folder and writing the marker.
                try? fileManager.removeItem(atPath: path)
            }
        }
    }

    /// Deletes `folder` only when it is a real folder carrying the marker. The marker goes last, so a deletion
    /// cut short (a killed process) leaves a folder that is still marked and is finished by the next run.
    func removeMarked(_ folder: String) {
        guard !isSymlink(folder), Self.hasMarker(folder) else { return }
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: folder)) ?? [] where entry != Self.markerName {
            try? fileManager.removeItem(atPath: folder + "/" + entry)
        }
        guard (try? fileManager.contentsOfDirectory(atPath: folder)) == [Self.markerName] else { return }
        try? fileManager.removeItem(atPath: folder + "/" + Self.markerName)
        try? fileManager.removeItem(atPath: folder)
    }

    static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
