/// A problem with the flow database file itself.
public struct StoreError: LocatedError, Equatable {
    public enum Reason: Equatable {
        case missing
        case notAFlowDatabase(String)
    }

    public var path: String?
    public var reason: Reason

    public var message: String {
        switch reason {
        case .missing: return "no flow database here (run `featureflow match` first)"
        case .notAFlowDatabase(let why): return "not a featureflow database: \(why)"
        }
    }
}
