import Foundation

/// Finds the `Templates` folder at run time.
///
/// The rule: an explicit folder (`--templates DIR`) wins and must contain `layout.mustache`. Otherwise the first
/// `Templates/layout.mustache` found walking up from the executable's folder (symlinks resolved: a build in
/// `.build/debug/featureflow` finds the package's `Templates/`), then walking up from the current directory.
public enum TemplateLocator {
    /// The template every site needs; a folder without it is not a templates folder.
    public static let requiredFile = "layout.mustache"

    /// The default templates folder, found by the rule above from `executablePath` and `currentDirectory`;
    /// nil when there is none.
    public static func defaultDirectory(
        executablePath: String? = Bundle.main.executablePath,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        var starts: [String] = []
        if let executablePath {
            let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            starts.append(resolved.deletingLastPathComponent().path)
        }
        starts.append(currentDirectory)
        for start in starts {
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent("Templates")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(requiredFile).path) {
                    return candidate.path
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path || folder.path == "/" { break }
                folder = parent
            }
        }
        return nil
    }

    /// The folders to load, in order (later ones override earlier ones): the default folder, then `explicit` when
    /// given. Throws when `explicit` is not a templates folder, or when no folder is found at all.
    public static func directories(
        explicit: String?, executablePath: String? = Bundle.main.executablePath,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> [String] {
        let found = defaultDirectory(executablePath: executablePath, currentDirectory: currentDirectory)
        guard let explicit else {
            guard let found else {
                throw SiteError(
                    path: currentDirectory,
                    message:
                        "no Templates folder found beside the executable or above the current directory; pass --templates DIR",
                    reason: .template)
            }
            return [found]
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteError(path: explicit, message: "the templates folder does not exist", reason: .template)
        }
        let explicitPath = URL(fileURLWithPath: explicit).standardizedFileURL.path
        if let found, found != explicitPath { return [found, explicitPath] }
        guard FileManager.default.fileExists(atPath: explicitPath + "/" + requiredFile) else {
            throw SiteError(path: explicit, message: "the templates folder has no \(requiredFile)", reason: .template)
        }
        return [explicitPath]
    }
}
