/// Which Gemma Scope `params.npz` to read per (layer, site): one width, then one L0 variant (FORMATS.md §2.1).
struct GemmaScopeSelection {
    typealias Found = (path: String, location: GemmaScopeLocation)
    /// The folder walked (named in errors).
    let root: String
    /// The user's choices.
    let options: CatalogOptions

    /// One params.npz per (layer, site): one width for the whole set (`--width`, else the smallest found),
    /// then the L0 variant (`CatalogOptions.L0Choice`). A layer without that width uses its smallest one,
    /// with a warning: the site then mixes widths.
    func choose(_ found: [Found], warnings: inout [String], notes: inout [String]) throws -> [Found] {
        guard !found.isEmpty else { return [] }
        let widths = try GemmaScopeWidthChoice(
            labels: Set(found.map(\.location.widthLabel)), requested: options.gemmaScopeWidth, root: root, notes: &notes
        )
        let groups = Dictionary(grouping: found) { "\($0.location.layer)/\($0.location.hookSite.rawValue)" }
        var chosen: [Found] = []
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let width = widths.width(among: Set(group.map(\.location.widthLabel)), key: key, warnings: &warnings)
            // Several copies may hold the same variant: keep the first path of each L0.
            var variants: [Int: Found] = [:]
            for item in group.sorted(by: { $0.path < $1.path }) where item.location.widthLabel == width {
                if variants[item.location.averageL0] == nil { variants[item.location.averageL0] = item }
            }
            let sample = variants.values.first!.location
            let known = variants.keys.sorted()
            func nearest(_ target: Int) -> Int { known.min { (abs($0 - target), $0) < (abs($1 - target), $1) }! }
            let l0: Int
            switch options.gemmaScopeL0 {
            case .nearest(let value):
                l0 = nearest(value)
            case .canonical:
                let list = known.map(String.init).joined(separator: ", ")
                if let canonical = sample.canonicalL0 {
                    l0 = nearest(canonical)
                    if l0 != canonical {
                        warnings.append(
                            "layer \(key) width \(width): the canonical average_l0_\(canonical) is not present (found \(list)); "
                                + "using average_l0_\(l0), the nearest to it (--l0 N picks the variant nearest N)")
                    }
                } else {
                    l0 = known[0]
                    if known.count > 1 {
                        warnings.append(
                            "layer \(key) width \(width): no canonical L0 is known for \(sample.repositoryName) at this width "
                                + "(found \(list)); using average_l0_\(l0), the smallest (--l0 N picks the variant nearest N)"
                        )
                    }
                }
            }
            chosen.append(variants[l0]!)
        }
        return chosen
    }
}
