/// The paper's combined steering scores (docs/steering.md).
public enum SteeringScore {
    /// B × C to promote, (1 − B) × C to suppress.
    public static func combined(presence: Double, coherence: Double, direction: SteeringTheme.Direction) -> Double {
        direction == .promote ? presence * coherence : (1 - presence) * coherence
    }
}
