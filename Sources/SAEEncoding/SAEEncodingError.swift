import FlowCore

/// Why an SAE cannot be encoded with, naming the SAE's path.
public typealias SAEEncodingError = LocatedFailure<SAEEncodingReason>

/// What went wrong.
public enum SAEEncodingReason: FailureReason {
    /// The SAE was read without encoder tensors.
    case noEncoder
    /// `normalize_activations` is `expected_average_only_in` but no scale was supplied.
    case missingNormalizationScale
    /// The input batch does not have d_in columns.
    case inputWidth(expected: Int, actual: Int)
    /// JumpReLU without a threshold vector of d_sae entries.
    case missingThreshold
    /// A tensor the rule needs is missing.
    case missingTensor(String)

    /// What is wrong, in one sentence, without the SAE's path.
    public var message: String {
        switch self {
        case .noEncoder: return "no encoder tensors were read (W_enc/encoder.weight and its bias)"
        case .missingNormalizationScale:
            return
                "normalize_activations 'expected_average_only_in' needs its scale (sqrt(d_in)/E‖x‖), which the files do not hold"
        case .inputWidth(let expected, let actual):
            return "activations have \(actual) columns, the SAE reads \(expected)"
        case .missingThreshold: return "JumpReLU SAE without a threshold of d_sae entries"
        case .missingTensor(let name): return "tensor '\(name)' is missing"
        }
    }
}
