/// A human-written or model-written description of a feature. Untrusted text: always escaped on output.
public struct FeatureLabel: Codable, Sendable, Hashable {
    /// The description.
    public var text: String
    /// Who wrote it (Neuronpedia `explanationModelName`, or nil).
    public var explainer: String?
    /// The file it came from (base name).
    public var source: String

    public init(text: String, explainer: String?, source: String) {
        self.text = text
        self.explainer = explainer
        self.source = source
    }
}
