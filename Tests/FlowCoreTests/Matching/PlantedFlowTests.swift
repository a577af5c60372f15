import Foundation
import Testing

@testable import FlowCore
@testable import SyntheticFamily

@Suite struct PlantedFlowTests {
    /// On the synthetic family, the planted predecessor is our top-1 wherever the truth says it is the
    /// true top-1, and our top-1 equals the truth's brute-force top-1 for every checked feature.
    @Test func plantedPredecessorsAreTopOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-planted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = SyntheticFamilyOptions(layers: 4, dModel: 32, width: 96, seed: 7, truthCheck: .full)
        let truth = try SyntheticFamilyWriter(options: options).write(to: folder.path).truth
        let catalog = try SAECatalog.load(path: folder.path)
        let database = try FlowDatabase(path: folder.appendingPathComponent("flow.sqlite").path)
        _ = try MatchPipeline(matcher: FeatureMatcher(), database: database).run(
            saes: catalog.saes, request: .init(input: folder.path))

        var plantedChecked = 0
        var clearFeatures = 0
        for feature in truth.features where feature.checked {
            guard let top = feature.top else { continue }
            if feature.clear { clearFeatures += 1 }
            let positions: [(HookSite, PlantedLink?, PlantedLink?)] = [
                (.res, feature.planted.res, top.res), (.mlp, feature.planted.mlp, top.mlp),
                (.att, feature.planted.att, top.att),
            ]
            for (hookSite, planted, best) in positions {
                guard let best else { continue }
                let ours = try database.topMatch(
                    layer: feature.layer, feature: feature.index, hookSite: hookSite, direction: .backward)
                #expect(ours?.candidate == best.index, "\(feature.id) \(hookSite.rawValue)")
                #expect(abs((ours?.cosine ?? 9) - best.cosine) < 1e-5, "\(feature.id) \(hookSite.rawValue)")
                if let planted, planted.index == best.index || feature.clear {
                    #expect(ours?.candidate == planted.index, "\(feature.id) \(hookSite.rawValue) planted")
                    plantedChecked += 1
                }
            }
        }
        #expect(plantedChecked > 0 && clearFeatures > 0)
    }
}
