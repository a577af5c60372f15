/// One seed of a steering theme: a residual feature by id, or a token to be resolved to the residual
/// feature of a layer whose raw decoder row is closest (cosine) to the model's unembedding direction of
/// that token (logit lens; docs/steering.md). Token seeds survive re-trained SAEs, whose ids change.
public enum ThemeSeed: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `"12/res/4230"` or `{"feature": "12/res/4230"}`.
    case feature(FeatureID)
    /// `{"token": " Paris", "layer": 12}`: the text must encode to a single token.
    case token(String, layer: Int)

    enum Keys: String, CodingKey { case feature, token, layer }

    /// Reads either form; throws a `DecodingError` naming what is wrong.
    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard let id = FeatureID(parsing: text), id.hookSite == .res else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "\"\(text)\" is not a residual feature L/res/i"))
            }
            self = .feature(id)
            return
        }
        let keyed = try decoder.container(keyedBy: Keys.self)
        if let text = try keyed.decodeIfPresent(String.self, forKey: .feature) {
            guard let id = FeatureID(parsing: text), id.hookSite == .res else {
                throw DecodingError.dataCorruptedError(
                    forKey: .feature, in: keyed, debugDescription: "\"\(text)\" is not a residual feature L/res/i")
            }
            self = .feature(id)
            return
        }
        let token = try keyed.decode(String.self, forKey: .token)
        let layer = try keyed.decode(Int.self, forKey: .layer)
        guard layer >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .layer, in: keyed, debugDescription: "layer must be 0 or more")
        }
        self = .token(token, layer: layer)
    }

    /// Writes the feature form as its id string, the token form as an object.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .feature(let id):
            var single = encoder.singleValueContainer()
            try single.encode(id.description)
        case .token(let text, let layer):
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode(text, forKey: .token)
            try keyed.encode(layer, forKey: .layer)
        }
    }

    /// The feature, when the seed names one.
    public var feature: FeatureID? {
        if case .feature(let id) = self { return id }
        return nil
    }

    /// `12/res/4230` or `token " Paris" @ 12`.
    public var description: String {
        switch self {
        case .feature(let id): return id.description
        case .token(let text, let layer): return "token \"\(text)\" @ \(layer)"
        }
    }
}
