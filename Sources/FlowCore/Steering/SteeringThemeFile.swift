import Foundation

/// Reads a theme file: a JSON array of themes, or `{"themes": [...]}` (docs/steering.md).
public enum SteeringThemeFile {
    /// A problem with a theme file.
    public struct Invalid: LocatedError, Equatable {
        public var path: String?
        public var message: String

        /// A problem with the file at `path`.
        public init(path: String?, message: String) {
            self.path = path
            self.message = message
        }
    }

    struct Wrapped: Decodable { var themes: [SteeringTheme] }

    /// The themes of `path`; throws `Invalid` naming the file for unreadable, malformed, empty or
    /// duplicate-named input.
    public static func load(path: String) throws -> [SteeringTheme] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(path: path, message: "cannot read the theme file")
        }
        return try parse(data, path: path)
    }

    /// The themes in `data` (`path` names the source in errors).
    public static func parse(_ data: Data, path: String) throws -> [SteeringTheme] {
        let decoder = JSONDecoder()
        let themes: [SteeringTheme]
        do {
            if let list = try? decoder.decode([SteeringTheme].self, from: data) {
                themes = list
            } else {
                themes = try decoder.decode(Wrapped.self, from: data).themes
            }
        } catch let error as DecodingError {
            throw Invalid(path: path, message: "not a theme file: \(describe(error))")
        } catch {
            throw Invalid(path: path, message: "not a theme file: \(error)")
        }
        guard !themes.isEmpty else { throw Invalid(path: path, message: "the file holds no theme") }
        var names = Set<String>()
        var slugs = Set<String>()
        for theme in themes {
            guard !theme.seeds.isEmpty else {
                throw Invalid(path: path, message: "theme \"\(theme.name)\" has no seed")
            }
            guard names.insert(theme.name).inserted, slugs.insert(theme.slug).inserted else {
                throw Invalid(path: path, message: "two themes are named \"\(theme.name)\" (or share its file name)")
            }
        }
        return themes
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty
                ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context): return context.debugDescription + at(context.codingPath)
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"" + at(context.codingPath)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + at(context.codingPath)
        @unknown default: return "\(error)"
        }
    }
}
