/// Whether a residual target and its top-1 predecessor at one position fire together, against a
/// seeded random feature of the same SAE (`coactivation`).
public struct Coactivation: Equatable, Sendable {
    /// The target: feature `feature` of R(`layer`).
    public var layer: Int
    public var feature: Int
    /// The predecessor's position: res → R(L−1), mlp → M(L), att → A(L).
    public var hookSite: HookSite
    public var predecessor: Int
    /// Tokens where the target is active, and where the predecessor is active too.
    public var targetActive: Int
    public var bothActive: Int
    /// The random baseline feature of the same SAE and its co-activation count.
    public var randomFeature: Int
    public var randomBothActive: Int

    /// A co-activation record.
    public init(
        layer: Int, feature: Int, hookSite: HookSite, predecessor: Int, targetActive: Int, bothActive: Int,
        randomFeature: Int, randomBothActive: Int
    ) {
        self.layer = layer
        self.feature = feature
        self.hookSite = hookSite
        self.predecessor = predecessor
        self.targetActive = targetActive
        self.bothActive = bothActive
        self.randomFeature = randomFeature
        self.randomBothActive = randomBothActive
    }

    /// P(predecessor active | target active); nil when the target never fired.
    public var rate: Double? { targetActive > 0 ? Double(bothActive) / Double(targetActive) : nil }
    /// The same for the random feature.
    public var randomRate: Double? { targetActive > 0 ? Double(randomBothActive) / Double(targetActive) : nil }
}
