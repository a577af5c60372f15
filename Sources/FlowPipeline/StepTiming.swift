/// How long one step took.
public struct StepTiming: Sendable, Equatable {
    /// The step's name.
    public var name: String
    /// Wall-clock seconds.
    public var seconds: Double

    /// A timing.
    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}
