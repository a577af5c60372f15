import Foundation

@testable import FeatureFlowCLI
@testable import FlowCore
@testable import SyntheticFamily

/// A small synthetic SAE family and a site built from it with the real `build` command, made once per
/// test run and shared by the site tests.
struct DemoSite {
    let root: String
    let saes: String
    let site: String
    let labels: String

    static let options = SyntheticFamilyOptions(layers: 4, dModel: 256, width: 48, seed: 5)

    /// The shared site (built on first use).
    static let shared: Result<DemoSite, Error> = Result { try make(name: "shared") }

    /// Writes the family into a fresh folder and builds a site from it.
    static func make(name: String) throws -> DemoSite {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-demo-\(name)-\(UUID().uuidString)")
            .path
        let saes = root + "/saes"
        _ = try SyntheticFamilyWriter(options: options).write(to: saes)
        let demo = DemoSite(root: root, saes: saes, site: root + "/site", labels: saes + "/labels.jsonl")
        try demo.build(into: demo.site, database: root + "/flow.sqlite")
        return demo
    }

    /// Runs `featureflow build` on the family.
    func build(into out: String, database: String) throws {
        var command = try BuildCommand.parseAsRoot([
            saes, "--out", out, "--db", database, "--labels", labels, "--seed", "3/res/1", "--quiet",
        ])
        try command.run()
    }

    /// The lowest residual feature whose label contains `<script>` (the synthetic labels plant some).
    static func hostileFeature(_ demo: DemoSite) throws -> (id: FeatureID, label: String) {
        let labels = try LabelSet.load(paths: [demo.labels])
        for id in labels.labels.keys.sorted() where id.hookSite == .res {
            if let label = labels[id].first(where: { $0.text.contains("<script>") }) { return (id, label.text) }
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    /// Every file of a site, relative path → bytes.
    static func files(in folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }
}
