import Foundation

extension FlowDatabase {
    /// The warnings that describe the stored matches, sorted and unique: each stored layer belongs to the
    /// newest run that matched or reused it (the `layers` of its timings), and a warning naming a layer
    /// (`layer 7: …`, `layer 3 att: …`) is kept only from that layer's run. Runs that own no stored layer
    /// are left out, except runs that record no layers at all (merges, published copies), whose warnings
    /// are kept as they are. So a rebuild with `--model` over a database built without it no longer shows
    /// the old run's "skipped" warnings.
    public func currentWarnings() throws -> [String] {
        let runs = try runs()
        let stored = Set(try layers())
        var owner: [Int: Int] = [:]  // layer → run id
        var listsLayers: Set<Int> = []
        for run in runs {
            guard let covered = Self.coveredLayers(timings: run.timings) else { continue }
            listsLayers.insert(run.id)
            for layer in covered where stored.contains(layer) { owner[layer] = run.id }
        }
        let owning = Set(owner.values)
        var warnings = Set<String>()
        for run in runs where owning.contains(run.id) || !listsLayers.contains(run.id) {
            for warning in run.warnings {
                if let layer = Self.layerNamed(in: warning), let newest = owner[layer], newest != run.id { continue }
                warnings.insert(warning)
            }
        }
        return warnings.sorted()
    }

    /// The layers a run's timings list (`{"layers": {"3": …}}`); nil when it lists none.
    static func coveredLayers(timings: String) -> [Int]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(timings.utf8)) as? [String: Any],
            let layers = object["layers"] as? [String: Any]
        else { return nil }
        return layers.keys.compactMap { Int($0) }
    }

    /// The layer a warning is about, when it starts with `layer N` followed by a space, colon or slash.
    static func layerNamed(in warning: String) -> Int? {
        guard warning.hasPrefix("layer ") else { return nil }
        let digits = warning.dropFirst("layer ".count).prefix { $0.isNumber }
        guard !digits.isEmpty, let layer = Int(digits) else { return nil }
        let next = warning.dropFirst("layer ".count + digits.count).first
        return next == nil || next == " " || next == ":" || next == "/" ? layer : nil
    }
}
