/// The one list of SAE formats featureflow reads. Discovery offers every walked file to these readers in
/// this order (the first to claim a file keeps it), manifests detect a path's format in this order, and
/// `SAEFormat(rawValue:)` accepts exactly these names. A new format is a new `SAEFormatReader` file in
/// `Weights/Formats/` and one line here.
enum SAEFormats {
    /// Every format, in detection order.
    static let all: [any SAEFormatReader] = [
        SAELensFormat(),
        SparsifyFormat(),
        LlamaScopeFormat(),
        GemmaScopeFormat(),
        GemmaScope2Format(),
        DictionaryLearningFormat(),
    ]

    /// The reader of `format`.
    static func reader(_ format: SAEFormat) -> (any SAEFormatReader)? { all.first { $0.format == format } }

    /// The first format whose files `path` holds, or nil.
    static func detect(_ path: String) -> (any SAEFormatReader)? { all.first { $0.detect(path: path) } }

    /// The display names, for messages: `SAELens, sparsify, … and dictionary_learning`.
    static var displayNames: String {
        let names = all.map(\.displayName)
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
