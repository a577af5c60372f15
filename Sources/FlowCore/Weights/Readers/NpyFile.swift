/// A standalone `.npy` file read in place.
public enum NpyFile {
    /// Maps `path` and returns its array as a view named `name` (default: the file name without `.npy`).
    public static func open(path: String, name: String? = nil) throws -> TensorView {
        let file = try MappedFile(path: path)
        let base = name ?? String(path.split(separator: "/").last ?? "array").replacingOccurrences(of: ".npy", with: "")
        let header = try NpyHeader.parse(in: file, at: 0, length: file.count, name: base)
        return try header.view(in: file, at: 0, length: file.count, name: base)
    }
}
