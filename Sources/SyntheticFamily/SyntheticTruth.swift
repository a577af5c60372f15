import CanonicalOutput
import FlowCore
import Foundation

/// What the generator planted, written as truth.json: every residual feature of every layer with its class,
/// its planted predecessors and actual cosines, the brute-force top-1s, and whether it is `clear`.
public struct SyntheticTruth: Sendable, Decodable, Equatable {
    /// Always `featureflow-synth-truth`.
    public var format: String
    /// Schema version (1).
    public var version: Int
    /// `featureflow <version>`.
    public var generator: String
    /// Generator seed.
    public var seed: UInt64
    /// Number of layers.
    public var layers: Int
    /// d_in of every SAE.
    public var dModel: Int
    /// d_sae of every SAE.
    public var width: Int
    /// Element type written (`F32` or `BF16`); cosines are computed from the rounded values.
    public var dtype: String
    /// The threshold the classes and `clear` refer to (t_R = t_M = t_A).
    public var threshold: Double
    /// How far every planted cosine (and every unlinked top-1) must stay from the threshold to be clear.
    public var clearMargin: Double
    /// How much the planted predecessor must beat the runner-up to be clear.
    public var top1Margin: Double
    /// `none`, `sample` or `full`.
    public var truthCheck: String
    /// Residual features checked per layer (width when full, 0 when none).
    public var checkedPerLayer: Int
    /// √(2 ln(3·width)/d_model): above ~0.15 random directions reach the thresholds and few features are clear.
    public var chanceMaxCosine: Double
    /// Every SAE written, in order.
    public var saes: [SyntheticSAEInfo]
    /// Every chain (lineage), by id.
    public var chains: [PlantedChain]
    /// Every residual feature, by layer then index.
    public var features: [PlantedFeature]

    /// Number of residual features per planted class (every class present as a key).
    public var classCounts: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: OriginClass.known.map { ($0.rawValue, 0) })
        for feature in features { counts[feature.plantedClass.rawValue, default: 0] += 1 }
        return counts
    }

    /// Number of clear residual features per planted class.
    public var clearCounts: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: OriginClass.known.map { ($0.rawValue, 0) })
        for feature in features where feature.clear { counts[feature.plantedClass.rawValue, default: 0] += 1 }
        return counts
    }

    /// The planted feature `layer/res/index`.
    public func feature(layer: Int, index: Int) -> PlantedFeature? {
        let position = layer * width + index
        guard features.indices.contains(position), features[position].layer == layer,
            features[position].index == index
        else { return features.first { $0.layer == layer && $0.index == index } }
        return features[position]
    }

    /// truth.json: sorted keys, 6-decimal floats, one SAE / chain / feature per line.
    public var jsonText: String {
        let counts: ([String: Int]) -> JSONValue = { .object($0.mapValues { .int($0) }) }
        let root: JSONValue = .object([
            "format": .string(format), "version": .int(version), "generator": .string(generator),
            "seed": .string(String(seed)), "layers": .int(layers), "dModel": .int(dModel), "width": .int(width),
            "dtype": .string(dtype), "threshold": .double(threshold, decimals: 6),
            "clearMargin": .double(clearMargin, decimals: 6), "top1Margin": .double(top1Margin, decimals: 6),
            "truthCheck": .string(truthCheck), "checkedPerLayer": .int(checkedPerLayer),
            "chanceMaxCosine": .double(chanceMaxCosine, decimals: 6), "classCounts": counts(classCounts),
            "clearCounts": counts(clearCounts), "saes": .array(saes.map(\.json)), "chains": .array(chains.map(\.json)),
            "features": .array(features.map(\.json)),
        ])
        return root.rendered(expandDepth: 2) + "\n"
    }

    /// Reads a truth.json written by `jsonText`.
    public static func read(from path: String) throws -> SyntheticTruth {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(SyntheticTruth.self, from: data)
        } catch {
            throw SyntheticError(path: path, .io("cannot read truth: \(error)"))
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, version, generator, seed, layers, dModel, width, dtype, threshold, clearMargin, top1Margin
        case truthCheck, checkedPerLayer, chanceMaxCosine, saes, chains, features
    }

    /// Decodes truth.json (the seed is a decimal string so 64-bit seeds survive JSON readers).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        generator = try c.decode(String.self, forKey: .generator)
        let seedText = try c.decode(String.self, forKey: .seed)
        guard let seed = UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "seed is not a UInt64")
        }
        self.seed = seed
        layers = try c.decode(Int.self, forKey: .layers)
        dModel = try c.decode(Int.self, forKey: .dModel)
        width = try c.decode(Int.self, forKey: .width)
        dtype = try c.decode(String.self, forKey: .dtype)
        threshold = try c.decode(Double.self, forKey: .threshold)
        clearMargin = try c.decode(Double.self, forKey: .clearMargin)
        top1Margin = try c.decode(Double.self, forKey: .top1Margin)
        truthCheck = try c.decode(String.self, forKey: .truthCheck)
        checkedPerLayer = try c.decode(Int.self, forKey: .checkedPerLayer)
        chanceMaxCosine = try c.decode(Double.self, forKey: .chanceMaxCosine)
        saes = try c.decode([SyntheticSAEInfo].self, forKey: .saes)
        chains = try c.decode([PlantedChain].self, forKey: .chains)
        features = try c.decode([PlantedFeature].self, forKey: .features)
    }

    /// A truth value.
    public init(
        seed: UInt64, layers: Int, dModel: Int, width: Int, dtype: String, threshold: Double, clearMargin: Double,
        top1Margin: Double, truthCheck: String, checkedPerLayer: Int, chanceMaxCosine: Double,
        saes: [SyntheticSAEInfo], chains: [PlantedChain], features: [PlantedFeature]
    ) {
        format = "featureflow-synth-truth"
        version = 1
        generator = "featureflow \(FlowCore.version)"
        self.seed = seed
        self.layers = layers
        self.dModel = dModel
        self.width = width
        self.dtype = dtype
        self.threshold = threshold
        self.clearMargin = clearMargin
        self.top1Margin = top1Margin
        self.truthCheck = truthCheck
        self.checkedPerLayer = checkedPerLayer
        self.chanceMaxCosine = chanceMaxCosine
        self.saes = saes
        self.chains = chains
        self.features = features
    }
}
