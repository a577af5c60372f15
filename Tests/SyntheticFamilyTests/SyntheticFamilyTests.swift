import Foundation
import LinearAlgebra
import Testing

@testable import FlowCore
@testable import SyntheticFamily

@Suite struct SyntheticFamilyTests {
    static let small = SyntheticFamilyOptions(layers: 3, dModel: 64, width: 16, seed: 11)
    /// Large enough in d_model for random cosines to stay far below 0.15, so most facts are clear.
    static let clearSized = SyntheticFamilyOptions(layers: 4, dModel: 512, width: 64, seed: 7)

    @Test func sameSeedSameBytesDifferentSeedDifferentWeights() throws {
        let a = temporaryFolder("a")
        let b = temporaryFolder("b")
        let c = temporaryFolder("c")
        defer { for path in [a, b, c] { try? FileManager.default.removeItem(atPath: path) } }
        _ = try SyntheticFamilyWriter(options: Self.small).write(to: a)
        _ = try SyntheticFamilyWriter(options: Self.small).write(to: b)
        var other = Self.small
        other.seed = 12
        _ = try SyntheticFamilyWriter(options: other).write(to: c)
        let filesA = try filesUnder(a)
        let filesB = try filesUnder(b)
        let filesC = try filesUnder(c)
        #expect(filesA.count == 3 * 3 * 2 + 3)
        #expect(filesA == filesB)
        let weights = "blocks.1.hook_resid_post/sae_weights.safetensors"
        #expect(filesA[weights] != filesC[weights])
        #expect(
            filesA["blocks.1.hook_mlp_out/sae_weights.safetensors"]
                != filesC["blocks.1.hook_mlp_out/sae_weights.safetensors"])
        #expect(filesA["truth.json"] != filesC["truth.json"])
    }

    @Test func truthCheckModeDoesNotChangeTheWeights() throws {
        var sampled = Self.small
        sampled.truthCheck = .sample(5)
        let full = try SyntheticFamilyGenerator(options: Self.small).generateInMemory()
        let part = try SyntheticFamilyGenerator(options: sampled).generateInMemory()
        #expect(full.saes.map(\.decoder) == part.saes.map(\.decoder))
        #expect(part.truth.checkedPerLayer == 5)
        for layer in 0..<3 {
            #expect(part.truth.features.filter { $0.layer == layer && $0.checked }.count == 5)
        }
        for feature in part.truth.features where feature.checked {
            let reference = full.truth.feature(layer: feature.layer, index: feature.index)!
            #expect(feature == reference)
        }
        #expect(part.truth.features.filter { !$0.checked }.allSatisfy { !$0.clear && $0.top == nil })
    }

    @Test func configIsSAELensV6() throws {
        let folder = temporaryFolder("cfg")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = Self.small
        options.dtype = .bf16
        _ = try SyntheticFamilyWriter(options: options).write(to: folder)
        for (name, hookSite) in [("hook_resid_post", "res"), ("hook_mlp_out", "mlp"), ("hook_attn_out", "att")] {
            let path = "\(folder)/blocks.2.\(name)/cfg.json"
            let cfg =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            #expect(cfg["architecture"] as? String == "jumprelu", "\(hookSite)")
            #expect(cfg["d_in"] as? Int == 64)
            #expect(cfg["d_sae"] as? Int == 16)
            #expect(cfg["dtype"] as? String == "bfloat16")
            #expect(cfg["normalize_activations"] as? String == "none")
            let metadata = cfg["metadata"] as! [String: Any]
            #expect(metadata["hook_name"] as? String == "blocks.2.\(name)")
            #expect(metadata["hook_layer"] as? Int == 2)
            #expect(metadata["model_name"] as? String == "synthetic")
            #expect(metadata["neuronpedia_id"] is NSNull)
            let weights = try TinySafetensors(path: "\(folder)/blocks.2.\(name)/sae_weights.safetensors")
            #expect(weights.headerLength % 8 == 0)
            #expect(Set(weights.tensors.keys) == ["W_enc", "W_dec", "b_enc", "b_dec", "threshold"])
            #expect(weights.tensors["W_enc"]!.shape == [64, 16])
            #expect(weights.tensors["W_dec"]!.shape == [16, 64])
            #expect(weights.tensors.values.allSatisfy { $0.dtype == "BF16" })
        }
    }

    @Test func weightsLookLikeAnSAE() throws {
        let family = try SyntheticFamilyGenerator(options: Self.small).generateInMemory()
        #expect(family.saes.count == 9)
        #expect(
            family.saes.map(\.hookName).prefix(3) == [
                "blocks.0.hook_resid_post", "blocks.0.hook_mlp_out", "blocks.0.hook_attn_out",
            ])
        for sae in family.saes {
            #expect(sae.threshold.allSatisfy { $0 > 0 })
            #expect(Set(sae.threshold).count > sae.dSAE / 2)
            let norms = (0..<sae.dSAE).map { i in
                naiveCosineNorm(Array(sae.decoder[(i * sae.dIn)..<((i + 1) * sae.dIn)]))
            }
            #expect(norms.contains { abs($0 - 1) > 0.05 })
            #expect(norms.allSatisfy { $0 >= 0.39 && $0 <= 2.51 })
            // W_enc is the decoder transposed, column i divided by ‖W_dec[i]‖².
            let encoder = sae.encoderRows(0..<sae.dIn, scales: sae.encoderScales)
            for i in [0, sae.dSAE - 1] {
                for k in [0, 5, sae.dIn - 1] {
                    let expected = Double(sae.decoder[i * sae.dIn + k]) / (norms[i] * norms[i])
                    #expect(abs(Double(encoder[k * sae.dSAE + i]) - expected) < 1e-5)
                }
            }
        }
    }

    private func naiveCosineNorm(_ row: [Float]) -> Double {
        row.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    @Test(arguments: [SyntheticDType.f32, .bf16])
    func truthMatchesTheWrittenFiles(dtype: SyntheticDType) throws {
        let folder = temporaryFolder("truth")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = Self.clearSized
        options.layers = 3
        options.dtype = dtype
        let summary = try SyntheticFamilyWriter(options: options).write(to: folder)
        let truth = try SyntheticTruth.read(from: folder + "/truth.json")
        #expect(truth.features.count == 3 * 64)
        #expect(truth.seed == 7)
        #expect(truth.dtype == dtype.rawValue)
        for (read, written) in zip(truth.features, summary.truth.features) {
            #expect(read.index == written.index && read.plantedClass == written.plantedClass)
            #expect(abs((read.planted.res?.cosine ?? 0) - (written.planted.res?.cosine ?? 0)) < 1e-6)
        }
        var decoders: [String: [[Double]]] = [:]
        for layer in 0..<3 {
            for hookSite in HookSite.allCases {
                let hook = SyntheticFamilyOptions.hookName(layer: layer, hookSite: hookSite)
                let file = try TinySafetensors(path: "\(folder)/\(hook)/sae_weights.safetensors")
                decoders["\(layer)/\(hookSite)"] = (0..<64).map { file.row("W_dec", $0) }
            }
        }
        for feature in truth.features {
            let row = decoders["\(feature.layer)/res"]![feature.index]
            var scores: [HookSite: Double] = [:]
            for hookSite in HookSite.allCases {
                let layer = hookSite == .res ? feature.layer - 1 : feature.layer
                guard layer >= 0, let weights = decoders["\(layer)/\(hookSite)"] else { continue }
                let cosines = weights.map { naiveCosine(row, $0) }
                let best = cosines.indices.max { cosines[$0] < cosines[$1] }!
                scores[hookSite] = cosines[best]
                if let link = feature.planted[hookSite] {
                    #expect(abs(cosines[link.index] - link.cosine) < 2e-6, "\(feature.id) \(hookSite)")
                }
                let top = try #require(feature.top?[hookSite])
                #expect(top.index == best, "\(feature.id) \(hookSite)")
                #expect(abs(top.cosine - cosines[best]) < 2e-6)
                if feature.clear, let link = feature.planted[hookSite] { #expect(link.index == best) }
            }
            if feature.clear {
                let recomputed = OriginClass.classify(
                    res: scores[.res].map(Float.init), mlp: Float(scores[.mlp] ?? 0), att: Float(scores[.att] ?? 0),
                    thresholds: .default)
                #expect(recomputed == feature.plantedClass, "\(feature.id)")
                for score in scores.values { #expect(abs(score - 0.25) >= 0.1 - 1e-9) }
            }
        }
    }

    @Test func everyClassIsPlantedAndClear() throws {
        let truth = try SyntheticFamilyGenerator(options: Self.clearSized).generateInMemory().truth
        for plantedClass in OriginClass.known {
            #expect((truth.classCounts[plantedClass.rawValue] ?? 0) > 0, "\(plantedClass)")
            #expect((truth.clearCounts[plantedClass.rawValue] ?? 0) > 0, "\(plantedClass)")
        }
        let clear = truth.features.filter(\.clear).count
        #expect(clear * 10 >= truth.features.count * 7)  // most facts are clear at d_model 512
        // Near-threshold cases exist and are never clear.
        let near = truth.features.filter(\.nearThreshold)
        #expect(!near.isEmpty && near.allSatisfy { !$0.clear })
        let planted = truth.features.flatMap { f in HookSite.allCases.compactMap { f.planted[$0]?.cosine } }
        #expect(planted.contains { $0 > 0.15 && $0 < 0.35 })
        #expect(planted.contains { $0 > 0.85 })
        // Layer 0 has no residual predecessor.
        #expect(truth.features.filter { $0.layer == 0 }.allSatisfy { $0.planted.res == nil && $0.top?.res == nil })
        // Chains: some span every layer, some are born mid-way, some die early.
        #expect(truth.chains.contains { $0.birthLayer == 0 && $0.lastLayer == 3 })
        #expect(truth.chains.contains { $0.birthLayer > 0 && $0.lifespan > 1 })
        #expect(truth.chains.contains { $0.lastLayer < 3 })
        // Many-to-one: some R_{L-1} feature is the planted predecessor of two R_L features.
        var seen = Set<String>()
        var shared = false
        for feature in truth.features {
            if let link = feature.planted.res, !seen.insert("\(feature.layer)/\(link.index)").inserted { shared = true }
        }
        #expect(shared)
    }

    @Test func labelsAreNeuronpediaRowsWithNastyText() throws {
        let folder = temporaryFolder("labels")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SyntheticFamilyWriter(options: Self.small).write(to: folder)
        let text = try String(contentsOfFile: folder + "/labels.jsonl", encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3 * 3 * 16)
        var descriptions: [String] = []
        var sources = Set<String>()
        for line in lines {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(row["modelId"] as? String == "synthetic")
            #expect(row["index"] is String)
            #expect(row["explanationModelName"] as? String == "featureflow-synth")
            #expect(row["typeName"] as? String == "planted")
            sources.insert(row["layer"] as! String)
            descriptions.append(row["description"] as! String)
        }
        #expect(sources == Set((0..<3).flatMap { l in ["res", "mlp", "att"].map { "\(l)-synthetic-\($0)" } }))
        for nasty in SyntheticLabels.nasty {
            #expect(descriptions.contains { $0.contains(nasty) }, "\(nasty)")
        }
        #expect(descriptions.contains { $0.contains("<script>alert(1)</script>") })
        #expect(descriptions.contains { $0.contains("&amp;") && $0.contains("& ") })
        #expect(descriptions.contains { $0.contains("\"") && $0.contains("'") })
        #expect(descriptions.contains { $0.contains("🧠") && $0.contains("שלום") == false })
        #expect(descriptions.contains { $0.contains("שלום") })
        #expect(descriptions.contains { $0.hasPrefix("carried-over '") })
    }

    @Test func outputFolderRules() throws {
        let folder = temporaryFolder("out")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let foreign = folder + "/notes.txt"
        _ = FileManager.default.createFile(atPath: foreign, contents: Data("mine".utf8))
        #expect(throws: SyntheticError(path: folder, .outputNotEmpty)) {
            try SyntheticFamilyWriter(options: Self.small).write(to: folder)
        }
        _ = try SyntheticFamilyWriter(options: Self.small, overwrite: true).write(to: folder)
        // A second run with fewer layers removes exactly what the first wrote, keeps the foreign file.
        var fewer = Self.small
        fewer.layers = 2
        _ = try SyntheticFamilyWriter(options: fewer).write(to: folder)
        #expect(FileManager.default.fileExists(atPath: foreign))
        #expect(!FileManager.default.fileExists(atPath: folder + "/blocks.2.hook_resid_post"))
        #expect(FileManager.default.fileExists(atPath: folder + "/blocks.1.hook_attn_out/cfg.json"))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + SyntheticFamilyWriter.markerName))
        // A file is not a folder.
        #expect(throws: SyntheticError(path: foreign, .outputNotAFolder)) {
            try SyntheticFamilyWriter(options: Self.small).write(to: foreign)
        }
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: SyntheticError.self) {
            try SyntheticFamilyGenerator(options: SyntheticFamilyOptions(layers: 0, dModel: 64, width: 16, seed: 1))
        }
        #expect(throws: SyntheticError.self) {
            try SyntheticFamilyGenerator(options: SyntheticFamilyOptions(layers: 2, dModel: 4, width: 16, seed: 1))
        }
    }

    @Test func prngIsPinned() {
        // Fixed outputs: any change to the streams changes every generated family.
        var mixer = SplitMix64(seed: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        var rng = Xoshiro256(seed: 42)
        let first = rng.next()
        var again = Xoshiro256(seed: 42)
        #expect(again.next() == first)
        let gaussians = (0..<10_000).map { _ in rng.gaussian() }
        let mean = gaussians.reduce(0, +) / 10_000
        let variance = gaussians.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 10_000
        #expect(abs(mean) < 0.05 && abs(variance - 1) < 0.05)
    }
}
