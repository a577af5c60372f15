/// The canonical `average_l0_N` of every Gemma Scope 2B SAE (FORMATS.md §2.1, from SAELens' canonical releases).
public enum GemmaScopeCanonical {
    /// Per layer 0…25: res16k, res65k, mlp16k, mlp65k, att16k, att65k.
    static let table: [[Int]] = [
        [105, 73, 119, 72, 104, 75], [102, 121, 105, 127, 79, 98], [141, 77, 95, 134, 93, 125],
        [59, 89, 95, 68, 117, 83], [124, 89, 85, 66, 116, 87], [68, 105, 114, 86, 135, 99],
        [70, 107, 133, 101, 61, 112], [69, 107, 60, 115, 99, 96], [71, 111, 136, 110, 129, 112],
        [73, 118, 88, 77, 127, 107], [77, 128, 110, 95, 70, 67], [80, 70, 98, 88, 80, 75],
        [82, 72, 108, 96, 85, 79], [84, 75, 112, 98, 92, 87], [84, 73, 97, 89, 71, 66],
        [78, 127, 80, 72, 98, 90], [78, 128, 72, 66, 71, 129], [77, 125, 68, 136, 79, 70],
        [74, 116, 106, 88, 72, 123], [73, 115, 109, 88, 122, 106], [71, 114, 109, 88, 62, 102],
        [70, 111, 113, 86, 65, 118], [72, 116, 121, 92, 106, 112], [75, 123, 128, 102, 73, 140],
        [73, 124, 73, 128, 96, 77], [116, 93, 126, 107, 77, 63],
    ]

    /// Other canonical residual entries: (layer, width label) → L0.
    static let extraResidual: [String: Int] = [
        "12/32k": 76, "12/262k": 121, "12/524k": 115, "5/1m": 114, "12/1m": 107, "19/1m": 88,
    ]

    /// The canonical L0 for a Gemma 2 2B SAE, or nil when the table has none.
    public static func averageL0(layer: Int, hookSite: HookSite, widthLabel: String) -> Int? {
        if hookSite == .res, let value = extraResidual["\(layer)/\(widthLabel)"] { return value }
        guard table.indices.contains(layer) else { return nil }
        let siteColumn = [HookSite.res: 0, .mlp: 2, .att: 4][hookSite]!
        switch widthLabel {
        case "16k": return table[layer][siteColumn]
        case "65k": return table[layer][siteColumn + 1]
        default: return nil
        }
    }
}
