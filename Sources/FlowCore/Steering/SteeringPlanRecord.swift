import CanonicalOutput
import Codecs

/// A stored plan of a theme's sweep, keyed by the SHA-256 of its canonical JSON.
public struct SteeringPlanRecord: Sendable, Equatable {
    /// The theme's name.
    public var theme: String
    /// `SteeringPlanRecord.key(of:)` of `plan`.
    public var planKey: String
    /// The plan.
    public var plan: SteeringPlan

    /// A record for `plan`.
    public init(theme: String, plan: SteeringPlan) {
        self.theme = theme
        self.plan = plan
        self.planKey = Self.key(of: plan)
    }

    /// SHA-256 (hex) of the plan's canonical JSON.
    public static func key(of plan: SteeringPlan) -> String { hash(CanonicalJSON.bytes(plan)) }

    /// SHA-256 (hex) of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { SHA256.hex(of: $0) }
    }
}
