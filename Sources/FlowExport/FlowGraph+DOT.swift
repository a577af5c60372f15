import CanonicalOutput
import FlowCore

extension FlowGraph {
    /// Graphviz DOT: one rank per layer, lanes as node shapes, weak links dashed, cosines as labels.
    public var dot: String {
        var lines = ["digraph \"flow \(seed)\" {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for node in nodes {
            let shape: String
            switch node.id.hookSite {
            case .res: shape = "ellipse"
            case .mlp: shape = "box"
            case .att: shape = "diamond"
            }
            var attributes = [
                "label=\(Self.quoted(node.id.description + (node.originClass.map { "\n\($0.rawValue)" } ?? "")))",
                "shape=\(shape)",
            ]
            if node.role == .seed { attributes.append("style=bold") }
            lines.append("  \(Self.quoted(node.id.description)) [\(attributes.joined(separator: ", "))];")
        }
        for edge in edges {
            var attributes = ["label=\(Self.quoted(Fmt.score(edge.cosine)))"]
            if edge.weak { attributes.append("style=dashed") }
            lines.append(
                "  \(Self.quoted(edge.from.description)) -> \(Self.quoted(edge.to.description)) [\(attributes.joined(separator: ", "))];"
            )
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
