/// A problem while generating or writing a synthetic SAE family.
public typealias SyntheticError = LocatedFailure<SyntheticReason>

/// What went wrong.
public enum SyntheticReason: FailureReason {
    /// An option is out of range.
    case invalidOption(String)
    /// The output folder holds files that a previous synth run did not write.
    case outputNotEmpty
    /// The output path exists and is not a folder.
    case outputNotAFolder
    /// A tensor received a different number of values than its shape needs.
    case tensorSizeMismatch(name: String, expected: Int, received: Int)
    /// A file could not be created, written or removed.
    case io(String)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .invalidOption(let text): return text
        case .outputNotEmpty:
            return "output folder is not empty and holds no previous synth run; "
                + "choose an empty folder or pass --overwrite (nothing is deleted)"
        case .outputNotAFolder: return "output path exists and is not a folder"
        case .tensorSizeMismatch(let name, let expected, let received):
            return "tensor \(name) needs \(expected) values, received \(received)"
        case .io(let text): return text
        }
    }
}
