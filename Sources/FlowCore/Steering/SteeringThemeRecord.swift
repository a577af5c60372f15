/// A theme as stored in the flow database: the theme, its resolved seeds, the held-out features that
/// evaluation reads, and the configuration of its latest steering run.
public struct SteeringThemeRecord: Sendable, Equatable {
    /// The theme as given (token seeds unresolved).
    public var theme: SteeringTheme
    /// The seeds as features (token seeds resolved).
    public var seeds: [FeatureID]
    /// Graph features of the theme that no plan of its sweep steers (docs/steering.md).
    public var heldOut: [FeatureID]
    /// The key of the latest run's configuration (nil when only plans were recorded).
    public var configKey: String?
    /// That configuration, readable (canonical JSON of `SteeringConfig`).
    public var configJSON: String?

    /// A record.
    public init(
        theme: SteeringTheme, seeds: [FeatureID], heldOut: [FeatureID], configKey: String? = nil,
        configJSON: String? = nil
    ) {
        self.theme = theme
        self.seeds = seeds
        self.heldOut = heldOut
        self.configKey = configKey
        self.configJSON = configJSON
    }
}
