import Foundation
import Testing

@testable import FeatureFlowCLI
@testable import FlowCore
@testable import FlowReport
@testable import SiteKit
@testable import SyntheticFamily

/// Where `build` and `render` may write: a bad `--out` or a database inside it is refused before any work, and
/// names taken from hostile input never lead outside `--out`.
@Suite struct OutputSafetyTests {
    /// A fresh folder with a tiny synthetic family in `saes/`.
    func family() throws -> (root: String, saes: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-out-\(UUID().uuidString)").path
        let saes = root + "/saes"
        _ = try SyntheticFamilyWriter(options: SyntheticFamilyOptions(layers: 2, dModel: 32, width: 16, seed: 1))
            .write(to: saes)
        return (root, saes)
    }

    /// The reason of the `SiteError` `body` throws (nil when it throws nothing or something else).
    func refusal(_ body: () throws -> Void) -> SiteError.Reason? {
        do {
            try body()
            return nil
        } catch let error as SiteError {
            return error.reason
        } catch {
            return nil
        }
    }

    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    /// The bad targets: (what, --out, expected reason), set up under `root`.
    func badTargets(root: String) throws -> [(String, String, SiteError.Reason)] {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: root + "/mine", withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: root + "/mine/thesis.tex"))
        let outside = root + "-outside"
        try fileManager.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try fileManager.createSymbolicLink(atPath: root + "/link", withDestinationPath: outside)
        var targets: [(String, String, SiteError.Reason)] = [
            ("the root folder", "/", .refusedRoot),
            ("the root folder, spelled oddly", root + "/../../..", .refusedRoot),
            ("an unmarked non-empty folder", root + "/mine", .refusedUnmarked),
            ("a symbolic link leading outside", root + "/link", .refusedSymlink),
        ]
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty, home != "/" {
            targets.append(("the home folder", home, .refusedHome))
        }
        return targets
    }

    @Test func buildRefusesABadOutBeforeAnyMatching() throws {
        let (root, saes) = try family()
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: root + "-outside")
        }
        for (what, out, reason) in try badTargets(root: root) {
            let database = root + "/flow.sqlite"
            #expect(
                refusal { try run(["build", saes, "--out", out, "--db", database, "--quiet"]) } == reason, "\(what)")
            // Matching opens (creates) the database first: it must not exist.
            #expect(!FileManager.default.fileExists(atPath: database), "\(what): matching started")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/mine") == ["thesis.tex"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "-outside").isEmpty)
    }

    @Test func aDatabaseInsideTheSiteIsRefusedBeforeAnyWork() throws {
        let (root, saes) = try family()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A previous site (marked) and a database asked to live inside it: the swap would delete it.
        let site = root + "/site"
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        try Data(SiteWriter.markerContents.utf8).write(to: URL(fileURLWithPath: site + "/" + SiteWriter.markerName))
        for database in [site + "/flow.sqlite", root + "/new-site/flow.sqlite"] {
            let out = (database as NSString).deletingLastPathComponent
            #expect(
                refusal { try run(["build", saes, "--out", out, "--db", database, "--quiet"]) }
                    == .refusedDatabaseInside, "\(database)")
            #expect(!FileManager.default.fileExists(atPath: database))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site) == [SiteWriter.markerName])
        #expect(!FileManager.default.fileExists(atPath: root + "/new-site"))

        // render from the copy a site publishes into that same site: refused; into another folder: fine.
        try run(["build", saes, "--out", site, "--db", root + "/flow.sqlite", "--quiet"])
        let published = site + "/data/flow.sqlite"
        let before = try DemoSite.files(in: site)
        #expect(refusal { try run(["render", published, "--out", site, "--quiet"]) } == .refusedDatabaseInside)
        #expect(try DemoSite.files(in: site) == before)
        try run(["render", published, "--out", root + "/copy", "--quiet"])
        #expect(FileManager.default.fileExists(atPath: root + "/copy/index.html"))
    }

    @Test func renderRefusesABadOutBeforeOpeningTheDatabase() throws {
        let (root, saes) = try family()
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: root + "-outside")
        }
        let database = root + "/flow.sqlite"
        try run(["match", saes, "--db", database, "--quiet"])
        let files = { try DemoSite.files(in: root).filter { $0.key.hasPrefix("flow.sqlite") } }
        let before = try files()
        for (what, out, reason) in try badTargets(root: root) {
            #expect(refusal { try run(["render", database, "--out", out, "--quiet"]) } == reason, "\(what)")
            #expect(try files() == before, "\(what): the database was touched")
        }
    }

    @Test func aRefusalExitsNonZeroWithTheExplanationOnStderr() throws {
        let (root, saes) = try family()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/mine", withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: root + "/mine/notes.txt"))
        for (out, message) in [
            ("/", "refusing to write the site to the root folder /"),
            ("mine", "refusing to replace a non-empty folder that featureflow did not create"),
        ] {
            let run = try ToolProcess.run(["build", saes, "--out", out, "--db", "flow.sqlite"], in: root)
            #expect(!run.killed && run.status != 0, "\(out)")
            #expect(run.lines.contains { $0.hasPrefix("Error: ") && $0.contains(message) }, "\(out): \(run.lines)")
            #expect(!run.lines.contains { $0.contains("[2/6] match") }, "\(out): matching started")
            #expect(!FileManager.default.fileExists(atPath: root + "/flow.sqlite"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/mine") == ["notes.txt"])
    }

    @Test func hostileLabelsTitlesAndSeedsWriteNothingOutsideOut() throws {
        let (root, saes) = try family()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let labels = root + "/labels.csv"
        let hostile = [
            "../../../../featureflow-escape", "/tmp/featureflow-escape", "..\\\\..\\\\featureflow-escape",
            "features/../../../featureflow-escape.html", "%2e%2e%2ffeatureflow-escape", "\u{0}nul",
        ]
        var csv = "layer,site,index,label\n"
        for (i, text) in hostile.enumerated() { csv += "\(i % 2),res,\(i),\"\(text)\"\n" }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: labels))
        // A seed that tries to be a path is not a feature id.
        #expect(throws: (any Error).self) {
            try run(["build", saes, "--out", root + "/site", "--seed", "../../featureflow-escape"])
        }
        var arguments = [
            "build", saes, "--out", root + "/site", "--db", root + "/flow.sqlite", "--labels", labels, "--quiet",
            "--title", "../../featureflow-escape", "--pages", "all",
        ]
        for i in hostile.indices { arguments += ["--seed", "\(i % 2)/res/\(i)"] }
        try run(arguments)

        // Everything written is the site (safe names only), its lock file, the database or the input.
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let top = relative.split(separator: "/").first.map(String.init) ?? relative
            #expect(
                ["saes", "site", "site.lock", "flow.sqlite", "flow.sqlite-wal", "flow.sqlite-shm", "labels.csv"]
                    .contains(
                        top),
                "unexpected \(relative)")
            if top == "site", relative != "site/" + SiteWriter.markerName {
                #expect(
                    relative.split(separator: "/").allSatisfy { SiteNames.isSafeComponent(String($0)) }, "\(relative)")
            }
            #expect(!relative.contains("featureflow-escape"), "\(relative)")
        }
        for escaped in ["/featureflow-escape", "/tmp/featureflow-escape", root + "/../featureflow-escape"] {
            #expect(!FileManager.default.fileExists(atPath: escaped), "\(escaped)")
        }
        #expect(try SiteChecker(root: root + "/site").check().isClean)
    }
}
