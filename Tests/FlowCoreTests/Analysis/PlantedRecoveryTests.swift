import Foundation
import Testing

@testable import FlowCore
@testable import SyntheticFamily

/// The whole data path on a synthetic family with planted flows: written as SAELens folders, discovered,
/// matched into a flow database and analysed. Every planted fact the truth calls clear must come back.
@Suite struct PlantedRecoveryTests {
    static let options = SyntheticFamilyOptions(layers: 5, dModel: 512, width: 96, seed: 11, truthCheck: .full)

    @Test func matcherAndClassifierRecoverEveryClearPlantedFact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-planted-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SyntheticFamilyWriter(options: Self.options).write(to: folder)
        let truth = try SyntheticTruth.read(from: folder + "/" + SyntheticFamilyWriter.truthName)
        let catalog = try SAECatalog.load(path: folder)
        #expect(catalog.saes.count == 15)
        let database = try FlowDatabase(path: folder + "/flow.sqlite")
        _ = try MatchPipeline(matcher: FeatureMatcher(), database: database).run(
            saes: catalog.saes, request: .init(input: folder))
        let analysis = FlowAnalysis(table: try database.scoreTable())

        let clear = truth.features.filter(\.clear)
        #expect(clear.count > truth.features.count / 2, "the fixture must plant mostly clear facts")
        var classesSeen = Set<OriginClass>()
        for feature in clear {
            let scores = try #require(analysis.table[feature.layer])
            for hookSite in HookSite.allCases {
                guard let link = feature.planted[hookSite] else { continue }
                let found = try #require(scores.column(hookSite)?[feature.index], "\(feature.id) \(hookSite)")
                #expect(found.index == link.index, "\(feature.id): planted \(hookSite) predecessor \(link.index)")
                #expect(abs(Double(found.cosine) - link.cosine) < 1e-4, "\(feature.id) \(hookSite) cosine")
            }
            #expect(analysis.classification.originClass(of: feature.id) == feature.plantedClass, "\(feature.id)")
            classesSeen.insert(feature.plantedClass)
        }
        #expect(classesSeen == Set(OriginClass.known))
    }

    @Test func clearPlantedChainsAreTheFlowGraphSpine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-chain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SyntheticFamilyWriter(options: Self.options).write(to: folder)
        let truth = try SyntheticTruth.read(from: folder + "/" + SyntheticFamilyWriter.truthName)
        let database = try FlowDatabase(path: folder + "/flow.sqlite")
        _ = try MatchPipeline(matcher: FeatureMatcher(), database: database).run(
            saes: try SAECatalog.load(path: folder).saes, request: .init(input: folder))
        let analysis = FlowAnalysis(table: try database.scoreTable())
        let byID = Dictionary(uniqueKeysWithValues: truth.features.map { ($0.id, $0) })
        // Walk each last-layer feature back along its planted residual links while they stay clear: the
        // flow graph's spine must take the same steps.
        var checkedSteps = 0
        for feature in truth.features where feature.layer == Self.options.layers - 1 {
            guard let graph = analysis.graphs.graph(seed: feature.id) else { continue }
            var current = feature
            while current.clear, let link = current.planted.res {
                let previous = FeatureID(layer: current.layer - 1, hookSite: .res, index: link.index)
                #expect(graph.spine.contains(previous), "\(feature.id): spine misses \(previous)")
                checkedSteps += 1
                guard let next = byID[previous] else { break }
                current = next
            }
        }
        #expect(checkedSteps > 20)
    }
}
