/// A forward pass refused its input.
public enum TransformerError: Error, Equatable, CustomStringConvertible {
    /// The batch has no sequence or a sequence has no token.
    case emptyInput
    /// Sequences of a batch must have equal lengths (pad them).
    case unequalLengths(first: Int, other: Int)
    /// A token id outside the vocabulary.
    case tokenOutOfRange(id: Int, vocabulary: Int)
    /// A hook point names a layer the model does not have.
    case hookOutOfRange(hook: String, layers: Int)
    /// An added vector does not have the hook's width.
    case vectorWidth(hook: String, expected: Int, got: Int)
    /// The key/value cache has room for `capacity` positions or a different batch size.
    case cacheMismatch(String)
    /// The configuration cannot be run.
    case unsupportedConfiguration(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .emptyInput: "forward pass: empty batch or empty sequence"
        case .unequalLengths(let first, let other):
            "forward pass: sequences must have equal lengths (\(first) and \(other)); pad them"
        case .tokenOutOfRange(let id, let vocabulary):
            "forward pass: token id \(id) outside vocabulary 0..<\(vocabulary)"
        case .hookOutOfRange(let hook, let layers): "hook \(hook): the model has \(layers) layers"
        case .vectorWidth(let hook, let expected, let got):
            "hook \(hook): vector of \(got) values, expected \(expected)"
        case .cacheMismatch(let message): "key/value cache: \(message)"
        case .unsupportedConfiguration(let message): "model configuration: \(message)"
        }
    }
}
