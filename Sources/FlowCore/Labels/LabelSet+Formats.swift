import Foundation

extension LabelSet {
    /// Neuronpedia explanation rows: `layer` (source id), `index` (string or number), `description`,
    /// `explanationModelName`. Blank lines are skipped.
    mutating func addJSONL(
        _ text: String, path: String, source: String, sources: [String: (Int, HookSite)],
        problems: inout [any LocatedError]
    ) throws {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            func problem(_ reason: LabelError.Reason) {
                problems.append(LabelError(path: path, line: offset + 1, reason: reason))
            }
            let row: ExplanationRow
            do {
                row = try JSONDecoder().decode(ExplanationRow.self, from: Data(trimmed.utf8))
            } catch DecodingError.keyNotFound(let key, _) {
                problem(.missingField(key.stringValue))
                continue
            } catch ExplanationRow.BadIndex.value(let text) {
                problem(.badIndex(text))
                continue
            } catch {
                problem(.notJSON)
                continue
            }
            guard let (layer, hookSite) = sources[row.layer] ?? Self.parseSource(row.layer) else {
                problem(.unknownSource(row.layer))
                continue
            }
            add(
                FeatureLabel(text: row.description, explainer: row.explanationModelName, source: source),
                to: FeatureID(layer: layer, hookSite: hookSite, index: row.index))
        }
    }

    /// CSV `layer,site,index,label` (RFC 4180 quoting; an optional header row starting with `layer`).
    mutating func addCSV(_ text: String, path: String, source: String, problems: inout [any LocatedError]) throws {
        for (line, fields) in CSVReader.rows(text) {
            if line == 1, fields.first?.lowercased() == "layer" { continue }
            if fields.count == 1 && fields[0].isEmpty { continue }
            func problem(_ why: String) {
                problems.append(LabelError(path: path, line: line, reason: .badCSVRow(why)))
            }
            guard fields.count == 4 else {
                problem("\(fields.count) fields")
                continue
            }
            guard let layer = Int(fields[0]), layer >= 0 else {
                problem("layer `\(fields[0])`")
                continue
            }
            guard let hookSite = HookSite(rawValue: fields[1]) else {
                problem("site `\(fields[1])` (res, mlp or att)")
                continue
            }
            guard let index = Int(fields[2]), index >= 0 else {
                problem("index `\(fields[2])`")
                continue
            }
            add(
                FeatureLabel(text: fields[3], explainer: nil, source: source),
                to: FeatureID(layer: layer, hookSite: hookSite, index: index))
        }
    }
}
