import FlowCore
import Foundation
import LinearAlgebra

/// The generator's running state: the previous residual decoder, the chains, and the truth so far.
struct SyntheticFamilyState {
    /// A lineage in the making.
    struct Chain {
        var theme: String
        var birthLayer: Int
        var lastLayer: Int
        var birthClass: OriginClass?
        var plannedEnd: Int?
        var planned: Bool
    }

    /// The plan for one residual feature: recipe, predecessors with target cosines, chain.
    struct Spec {
        var recipe: PlantedRecipe
        var nearThreshold = false
        var res: (index: Int, cosine: Double)?
        var mlp: (index: Int, cosine: Double)?
        var att: (index: Int, cosine: Double)?
        var chain = 0
    }

    /// Stream purposes (mixed into every stream key).
    enum Stream: UInt64 {
        case plan = 1, res, mlp, att, params, check
    }

    let options: SyntheticFamilyOptions
    private var d: Int { options.dModel }
    private var width: Int { options.width }
    private var seed: UInt64 { options.seed }
    private var previousRows: [Float] = []
    private var previousChains: [Int] = []
    private var chains: [Chain] = []
    private var features: [PlantedFeature] = []
    private var saes: [SyntheticSAEInfo] = []

    init(options: SyntheticFamilyOptions) { self.options = options }

    private var checkedPerLayer: Int {
        switch options.truthCheck {
        case .none: return 0
        case .sample(let count): return min(count, width)
        case .full: return width
        }
    }

    // MARK: - One layer

    mutating func generateLayer(_ layer: Int, emit: (SyntheticSAE) throws -> Void) throws {
        let specs = plan(layer)
        // Build R_L, computing the actual cosine of every planted link from the rounded rows.
        var rows = [Float]()
        rows.reserveCapacity(width * d)
        var links = [PlantedLinks](repeating: PlantedLinks(), count: width)
        for (i, spec) in specs.enumerated() {
            var targets: [(vector: [Double], cosine: Double)] = []
            var moduleRows: [HookSite: (Int, [Float])] = [:]
            if let res = spec.res {
                targets.append((SyntheticGeometry.unitRow(previousRows, row: res.index, dimension: d), res.cosine))
            }
            for (hookSite, link) in [(HookSite.mlp, spec.mlp), (HookSite.att, spec.att)] {
                guard let link else { continue }
                let moduleRow = self.moduleRow(layer: layer, hookSite: hookSite, index: link.index)
                moduleRows[hookSite] = (link.index, moduleRow)
                targets.append((SyntheticGeometry.unitRow(moduleRow, row: 0, dimension: d), link.cosine))
            }
            var rng = Xoshiro256(seed: SplitMix64.key(seed, Stream.res.rawValue, UInt64(layer), UInt64(i)))
            let noise = rng.unitVector(d)
            let norm = Self.featureNorm(&rng)
            let direction = SyntheticGeometry.plant(targets: targets, noise: noise)
            rows += direction.map { options.dtype.rounded(Float($0 * norm)) }
            if let res = spec.res {
                let cosine = SyntheticGeometry.cosine(rows, i, previousRows, res.index, dimension: d)
                links[i].res = PlantedLink(index: res.index, cosine: cosine)
            }
            for (hookSite, (index, moduleRow)) in moduleRows {
                links[i][hookSite] = PlantedLink(
                    index: index, cosine: SyntheticGeometry.cosine(rows, i, moduleRow, 0, dimension: d))
            }
        }
        let checked = checkedRows(layer)
        var tops: [HookSite: [(PlantedLink, Double)]] = [:]
        if layer > 0 {
            tops[.res] = SyntheticGeometry.topTwo(queries: rows, rows: checked, matrix: previousRows, dimension: d)
        }
        previousRows = []

        // Labels and the truth of R_L.
        var layerFeatures: [PlantedFeature] = []
        var moduleLabels: [HookSite: [Int: String]] = [.mlp: [:], .att: [:]]
        for (i, spec) in specs.enumerated() {
            let theme = chains[spec.chain].theme
            let plantedClass = OriginClass.classify(
                res: layer == 0 ? nil : Float(links[i].res?.cosine ?? 0), mlp: Float(links[i].mlp?.cosine ?? 0),
                att: Float(links[i].att?.cosine ?? 0), thresholds: .default)
            if chains[spec.chain].birthClass == nil { chains[spec.chain].birthClass = plantedClass }
            chains[spec.chain].lastLayer = layer
            for hookSite in [HookSite.mlp, .att] {
                if let link = links[i][hookSite], moduleLabels[hookSite]![link.index] == nil {
                    moduleLabels[hookSite]![link.index] = SyntheticLabels.module(
                        hookSite: hookSite, theme: theme, chain: spec.chain)
                }
            }
            layerFeatures.append(
                PlantedFeature(
                    layer: layer, index: i, plantedClass: plantedClass, recipe: spec.recipe,
                    nearThreshold: spec.nearThreshold, planted: links[i], top: nil, checked: false, clear: false,
                    chain: spec.chain, theme: theme,
                    label: SyntheticLabels.residual(
                        recipe: spec.recipe, theme: theme, chain: spec.chain, nearThreshold: spec.nearThreshold)))
        }
        try emit(makeSAE(layer: layer, hookSite: .res, decoder: rows, labels: layerFeatures.map(\.label)))
        saes.append(SyntheticSAEInfo(layer: layer, hookSite: .res, hookName: options.hookNameFor(layer, .res)))

        for hookSite in [HookSite.mlp, .att] {
            var moduleMatrix = [Float]()
            moduleMatrix.reserveCapacity(width * d)
            for j in 0..<width { moduleMatrix += moduleRow(layer: layer, hookSite: hookSite, index: j) }
            tops[hookSite] = SyntheticGeometry.topTwo(queries: rows, rows: checked, matrix: moduleMatrix, dimension: d)
            let labels = (0..<width).map { j in
                moduleLabels[hookSite]![j]
                    ?? SyntheticLabels.unusedModule(hookSite: hookSite, layer: layer, index: j, seed: seed)
            }
            try emit(makeSAE(layer: layer, hookSite: hookSite, decoder: moduleMatrix, labels: labels))
            saes.append(
                SyntheticSAEInfo(layer: layer, hookSite: hookSite, hookName: options.hookNameFor(layer, hookSite)))
        }

        for (position, i) in checked.enumerated() {
            var top = PlantedLinks()
            var clear = true
            for hookSite in HookSite.allCases {
                guard let (best, second) = tops[hookSite]?[position] else { continue }
                top[hookSite] = best
                clear = clear && isClear(planted: layerFeatures[i].planted[hookSite], best: best, second: second)
            }
            layerFeatures[i].top = top
            layerFeatures[i].checked = true
            layerFeatures[i].clear = clear
        }
        features += layerFeatures
        previousRows = rows
        previousChains = specs.map(\.chain)
    }

    private func isClear(planted: PlantedLink?, best: PlantedLink, second: Double) -> Bool {
        let t = SyntheticFamilyGenerator.threshold
        let margin = SyntheticFamilyGenerator.clearMargin - 1e-12
        guard let planted else { return best.cosine <= t - margin }
        return planted.index == best.index && abs(planted.cosine - t) >= margin
            && best.cosine - second >= SyntheticFamilyGenerator.top1Margin
    }

    // MARK: - Planning

    private mutating func plan(_ layer: Int) -> [Spec] {
        var rng = Xoshiro256(seed: SplitMix64.key(seed, Stream.plan.rawValue, UInt64(layer)))
        var specs: [Spec] = []
        if layer == 0 {
            let recipes: [(PlantedRecipe, Bool)] = [
                (.newbornMLP, false), (.newbornAtt, false), (.newbornBoth, false), (.unexplained, false),
                (.newbornMLP, true), (.newbornAtt, true),
            ]
            let counts = Self.quotas([0.28, 0.22, 0.12, 0.18, 0.10, 0.10], total: width)
            for (recipe, count) in zip(recipes, counts) {
                for _ in 0..<count { specs.append(draw(recipe.0, near: recipe.1, res: nil, rng: &rng)) }
            }
            for s in specs.indices { specs[s].chain = newChain(layer: 0, rng: &rng) }
        } else {
            // Planned chains continue first (capped), then the rest by quota.
            var planned: [Int] = []
            var pool: [Int] = []
            for p in 0..<width {
                if let end = chains[previousChains[p]].plannedEnd, end >= layer {
                    planned.append(p)
                } else {
                    pool.append(p)
                }
            }
            rng.shuffle(&planned)
            let cap = width * 2 / 5
            if planned.count > cap {
                pool += planned[cap...]
                planned.removeLast(planned.count - cap)
            }
            rng.shuffle(&pool)
            for p in planned {
                var spec: Spec
                if rng.chance(0.8) {
                    spec = Spec(recipe: .translated, res: (p, rng.uniform(0.7, 0.95)))
                } else {
                    let viaMLP = rng.chance(0.7)
                    spec = Spec(recipe: viaMLP ? .processedMLP : .processedAtt, res: (p, rng.uniform(0.55, 0.8)))
                    let module = (rng.int(below: width), rng.uniform(0.4, 0.6))
                    if viaMLP { spec.mlp = module } else { spec.att = module }
                }
                spec.chain = previousChains[p]
                specs.append(spec)
            }
            let recipes: [(PlantedRecipe, Bool)] = [
                (.translated, false), (.processedMLP, false), (.processedAtt, false), (.processedBoth, false),
                (.newbornMLP, false), (.newbornAtt, false), (.newbornBoth, false), (.unexplained, false),
                (.translated, true), (.processedMLP, true), (.newbornMLP, true), (.newbornAtt, true),
            ]
            let weights = [0.26, 0.08, 0.06, 0.03, 0.12, 0.10, 0.06, 0.13, 0.05, 0.04, 0.04, 0.03]
            var next = 0
            for (recipe, count) in zip(recipes, Self.quotas(weights, total: width - specs.count)) {
                for _ in 0..<count {
                    var predecessor: Int?
                    if recipe.0.usesRes {
                        if next < pool.count && !rng.chance(0.05) {
                            predecessor = pool[next]
                            next += 1
                        } else {
                            predecessor = rng.int(below: width)  // a split: many-to-one
                        }
                    }
                    var spec = draw(recipe.0, near: recipe.1, res: predecessor, rng: &rng)
                    spec.chain = predecessor.map { previousChains[$0] } ?? newChain(layer: layer, rng: &rng)
                    specs.append(spec)
                }
            }
        }
        rng.shuffle(&specs)  // feature indices carry no meaning
        return specs
    }

    /// A spec for `recipe` with cosines drawn well clear of 0.25, or one of them in 0.16–0.34 when `near`.
    private func draw(_ recipe: PlantedRecipe, near: Bool, res: Int?, rng: inout Xoshiro256) -> Spec {
        var spec = Spec(recipe: recipe, nearThreshold: near)
        func module() -> Int { rng.int(below: width) }
        switch recipe {
        case .translated:
            spec.res = (res!, rng.uniform(0.45, 0.95))
        case .processedMLP:
            spec.res = (res!, rng.uniform(0.45, 0.8))
            spec.mlp = (module(), rng.uniform(0.4, 0.7))
        case .processedAtt:
            spec.res = (res!, rng.uniform(0.45, 0.8))
            spec.att = (module(), rng.uniform(0.4, 0.7))
        case .processedBoth:
            spec.res = (res!, rng.uniform(0.4, 0.6))
            spec.mlp = (module(), rng.uniform(0.38, 0.55))
            spec.att = (module(), rng.uniform(0.38, 0.55))
        case .newbornMLP:
            spec.mlp = (module(), rng.uniform(0.45, 0.95))
        case .newbornAtt:
            spec.att = (module(), rng.uniform(0.45, 0.95))
        case .newbornBoth:
            spec.mlp = (module(), rng.uniform(0.4, 0.65))
            spec.att = (module(), rng.uniform(0.4, 0.65))
        case .unexplained:
            break
        }
        if near {
            let present = [HookSite.res, .mlp, .att].filter { hookSite in
                switch hookSite {
                case .res: return spec.res != nil
                case .mlp: return spec.mlp != nil
                case .att: return spec.att != nil
                }
            }
            if !present.isEmpty {
                let cosine = rng.uniform(0.16, 0.34)
                switch present[rng.int(below: present.count)] {
                case .res: spec.res!.cosine = cosine
                case .mlp: spec.mlp!.cosine = cosine
                case .att: spec.att!.cosine = cosine
                }
            }
        }
        return spec
    }

    /// Starts a chain at `layer`; some are planned to live long (all of them on layer 0 with 20 % chance).
    private mutating func newChain(layer: Int, rng: inout Xoshiro256) -> Int {
        let id = chains.count
        var plannedEnd: Int?
        let roll = rng.uniform()
        let remaining = options.layers - layer - 1
        if remaining > 0 {
            if layer == 0 && roll < 0.2 {
                plannedEnd = options.layers - 1
            } else if roll < (layer == 0 ? 0.4 : 0.25) {
                plannedEnd = layer + 1 + rng.int(below: remaining)
            }
        }
        chains.append(
            Chain(
                theme: SyntheticLabels.theme(chain: id, seed: seed), birthLayer: layer, lastLayer: layer,
                birthClass: nil, plannedEnd: plannedEnd, planned: plannedEnd != nil))
        return id
    }

    /// Counts per category proportional to `weights`, summing to `total`, each ≥ 1 when there is room.
    static func quotas(_ weights: [Double], total: Int) -> [Int] {
        guard total > 0 else { return weights.map { _ in 0 } }
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(($0 / sum * Double(total)).rounded(.down)) }
        if total >= weights.count {
            for i in counts.indices where counts[i] == 0 { counts[i] = 1 }
        }
        var difference = total - counts.reduce(0, +)
        while difference != 0 {
            let largest = counts.indices.max { counts[$0] < counts[$1] }!
            let step = difference > 0 ? 1 : -1
            counts[difference > 0 ? 0 : largest] += step
            difference -= step
        }
        return counts
    }

    // MARK: - Rows and parameters

    /// Row `index` of the module SAE at `layer`/`site` as written: a random direction with a varied norm.
    func moduleRow(layer: Int, hookSite: HookSite, index: Int) -> [Float] {
        let stream: Stream = hookSite == .mlp ? .mlp : .att
        var rng = Xoshiro256(seed: SplitMix64.key(seed, stream.rawValue, UInt64(layer), UInt64(index)))
        let direction = rng.unitVector(d)
        let norm = Self.featureNorm(&rng)
        return direction.map { options.dtype.rounded(Float($0 * norm)) }
    }

    /// A decoder-row norm: log-normal around 1, kept within 0.4–2.5.
    static func featureNorm(_ rng: inout Xoshiro256) -> Double {
        min(2.5, max(0.4, exp(0.35 * rng.gaussian())))
    }

    private func checkedRows(_ layer: Int) -> [Int] {
        switch options.truthCheck {
        case .none: return []
        case .full: return Array(0..<width)
        case .sample(let count):
            var rng = Xoshiro256(seed: SplitMix64.key(seed, Stream.check.rawValue, UInt64(layer)))
            var all = Array(0..<width)
            rng.shuffle(&all)
            return all.prefix(min(count, width)).sorted()
        }
    }

    private func makeSAE(layer: Int, hookSite: HookSite, decoder: [Float], labels: [String]) -> SyntheticSAE {
        let tag: UInt64 = hookSite == .res ? 0 : hookSite == .mlp ? 1 : 2
        var rng = Xoshiro256(seed: SplitMix64.key(seed, Stream.params.rawValue, UInt64(layer), tag))
        let dtype = options.dtype
        let threshold = (0..<width).map { _ in dtype.rounded(Float(max(0.01, exp(0.5 * rng.gaussian() - 1.6)))) }
        let bEnc = (0..<width).map { _ in dtype.rounded(Float(-0.05 * rng.uniform())) }
        let bDec = (0..<d).map { _ in dtype.rounded(Float(0.02 * rng.gaussian())) }
        return SyntheticSAE(
            layer: layer, hookSite: hookSite, dIn: d, dSAE: width, decoder: decoder, bEnc: bEnc, bDec: bDec,
            threshold: threshold, labels: labels)
    }

    // MARK: - Result

    func truth() -> SyntheticTruth {
        let planted = chains.enumerated().map { id, chain in
            PlantedChain(
                id: id, theme: chain.theme, birthLayer: chain.birthLayer, lastLayer: chain.lastLayer,
                birthClass: chain.birthClass ?? .unexplained, planned: chain.planned)
        }
        return SyntheticTruth(
            seed: seed, layers: options.layers, dModel: d, width: width, dtype: options.dtype.rawValue,
            threshold: SyntheticFamilyGenerator.threshold, clearMargin: SyntheticFamilyGenerator.clearMargin,
            top1Margin: SyntheticFamilyGenerator.top1Margin, truthCheck: options.truthCheck.description,
            checkedPerLayer: checkedPerLayer, chanceMaxCosine: options.chanceMaxCosine, saes: saes, chains: planted,
            features: features)
    }
}
