import FlowCore

/// Why an SAE cannot be encoded with, naming the SAE's path.
public struct SAEEncodingError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
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
    }

    /// The SAE's folder or file.
    public let path: String
    /// The reason.
    public let reason: Reason

    /// An error about the SAE at `path`.
    public init(path: String, _ reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// A one-line message naming the SAE and the problem.
    public var description: String {
        switch reason {
        case .noEncoder: return "\(path): no encoder tensors were read (W_enc/encoder.weight and its bias)"
        case .missingNormalizationScale:
            return
                "\(path): normalize_activations 'expected_average_only_in' needs its scale (sqrt(d_in)/E‖x‖), which the files do not hold"
        case .inputWidth(let expected, let actual):
            return "\(path): activations have \(actual) columns, the SAE reads \(expected)"
        case .missingThreshold: return "\(path): JumpReLU SAE without a threshold of d_sae entries"
        case .missingTensor(let name): return "\(path): tensor '\(name)' is missing"
        }
    }
}
