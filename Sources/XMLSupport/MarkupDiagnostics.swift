import CXMLShim

/// Owns a libxml2 diagnostics list for one parse and turns it into `MarkupError` values.
final class MarkupDiagnostics {
    let handle: OpaquePointer

    init() { handle = ffxml_diags_new() }

    deinit { ffxml_diags_free(handle) }

    /// Every problem libxml2 reported, in order.
    func errors(path: String?) -> [MarkupError] {
        (0..<Int(ffxml_diags_count(handle))).map { index in
            var line: Int32 = 0
            var column: Int32 = 0
            var level: Int32 = 0
            var domain: Int32 = 0
            var code: Int32 = 0
            var message: UnsafePointer<CChar>?
            ffxml_diags_get(handle, Int32(index), &line, &column, &level, &domain, &code, &message)
            return MarkupError(
                path: path, line: line > 0 ? Int(line) : nil, column: column > 0 ? Int(column) : nil,
                message: message.map { String(cString: $0) } ?? "unknown error",
                reason: .parse(domain: Int(domain), code: Int(code), level: Int(level)))
        }
    }
}

extension MarkupError {
    /// True for libxml2 errors and fatal errors (not warnings).
    var isAtLeastError: Bool {
        if case .parse(_, _, let level) = reason { return level >= 2 }
        return true
    }
}
