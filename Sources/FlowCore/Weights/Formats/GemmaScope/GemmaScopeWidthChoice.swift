/// One Gemma Scope width for a whole set of SAEs (Gemma Scope and Gemma Scope 2): `--width`, else the
/// smallest width found; a position without it uses its own smallest width, with a warning (the site then
/// mixes widths).
struct GemmaScopeWidthChoice {
    /// The width label used wherever it is present.
    let preferred: String

    /// Chooses among every width label found; a `--width` that no folder has is refused (naming `root`).
    init(labels: Set<String>, requested: String?, root: String, notes: inout [String]) throws {
        let sorted = labels.sorted { (Self.value($0), $0) < (Self.value($1), $1) }
        if let requested, !labels.contains(requested) {
            throw WeightError(
                path: root,
                .unrecognised(
                    "--width \(requested): no width_\(requested) folder (found \(sorted.map { "width_" + $0 }.joined(separator: ", ")))"
                ))
        }
        preferred = requested ?? sorted[0]
        if labels.count > 1 {
            notes.append(
                "Gemma Scope widths \(sorted.joined(separator: ", ")) found; using \(preferred)"
                    + (requested == nil ? " (the smallest; --width picks another)" : " (--width)"))
        }
    }

    /// The width to use for the position `key` (`layer/site`) among the labels it has.
    func width(among labels: Set<String>, key: String, warnings: inout [String]) -> String {
        if labels.contains(preferred) { return preferred }
        let width = labels.min { (Self.value($0), $0) < (Self.value($1), $1) }!
        warnings.append(
            "layer \(key): no width_\(preferred) SAE; using width_\(width) — the site mixes Gemma Scope widths")
        return width
    }

    /// The latents a label stands for (unknown labels sort last).
    static func value(_ label: String) -> Int { GemmaScopeLocation.width(label: label) ?? Int.max }
}
