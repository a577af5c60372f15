import Foundation

/// A fresh folder under the system temporary folder, removed by `remove()`: the tests' one temp-folder helper.
public struct TemporaryFolder {
    /// The folder's absolute path.
    public let path: String

    /// Creates a fresh, empty folder whose name holds `label`.
    public init(_ label: String = "tests") throws {
        path = Self.path(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A fresh path under the system temporary folder whose name holds `label`; nothing is created there.
    public static func path(_ label: String) -> String {
        NSTemporaryDirectory() + "featureflow-\(label)-" + UUID().uuidString
    }

    /// The path of a fresh, empty folder that is left in place (for fixtures that outlive one test).
    public static func create(_ label: String) -> String {
        let path = path(label)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` at `relative` (creating folders).
    public func write(_ text: String, to relative: String) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    /// The text of the file at `relative`, or nil.
    public func read(_ relative: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// True when something exists at `relative`.
    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }

    /// Sorted names in the folder `relative`.
    public func list(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []).sorted()
    }

    /// Removes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
