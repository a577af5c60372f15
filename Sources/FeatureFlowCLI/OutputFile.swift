import FlowCore
import Foundation

/// Writes a command's text result to a file (atomically) or to stdout.
enum OutputFile {
    /// A file that could not be written.
    struct WriteError: LocatedError {
        var path: String?
        var message: String
    }

    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
