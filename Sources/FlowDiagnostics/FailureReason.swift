/// What went wrong in a `LocatedFailure`, as a value tests can compare: each module's reason enum
/// conforms and says its problem in one sentence without the location.
public protocol FailureReason: Equatable, Sendable {
    /// What is wrong, in one sentence, without the path.
    var message: String { get }
}
