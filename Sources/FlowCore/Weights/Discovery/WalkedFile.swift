import Foundation

/// A file found while walking a folder, offered to each SAE format in turn (`SAEFormatReader.candidate`).
struct WalkedFile: Sendable {
    /// The path: the walked root joined with the relative path.
    var path: String
    /// The path relative to the walked root.
    var relative: String
    /// The file's name (last component).
    var name: String
    /// The folder holding the file (the root for files at its top).
    var folder: String

    /// The path made absolute and standardised (a layout may be named by folders above the walked root).
    var absolutePath: String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The file at `relative` under `root`.
    init(root: String, relative: String) {
        let parent = (relative as NSString).deletingLastPathComponent
        self.path = root + "/" + relative
        self.relative = relative
        self.name = (relative as NSString).lastPathComponent
        self.folder = parent.isEmpty ? root : root + "/" + parent
    }
}
