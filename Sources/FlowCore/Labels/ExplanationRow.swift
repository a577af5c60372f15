/// One row of a Neuronpedia explanation export; `index` may be a string (as exported) or a number.
struct ExplanationRow: Decodable {
    enum BadIndex: Error { case value(String) }

    var layer: String
    var index: Int
    var description: String
    var explanationModelName: String?

    enum CodingKeys: String, CodingKey { case layer, index, description, explanationModelName }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        layer = try container.decode(String.self, forKey: .layer)
        description = try container.decode(String.self, forKey: .description)
        explanationModelName = try container.decodeIfPresent(String.self, forKey: .explanationModelName)
        if let text = try? container.decode(String.self, forKey: .index) {
            guard let value = Int(text), value >= 0 else { throw BadIndex.value(text) }
            index = value
        } else if let value = try? container.decode(Int.self, forKey: .index) {
            guard value >= 0 else { throw BadIndex.value(String(value)) }
            index = value
        } else if container.contains(.index) {
            throw BadIndex.value("(not an integer)")
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.index, .init(codingPath: [], debugDescription: "missing index"))
        }
    }
}
