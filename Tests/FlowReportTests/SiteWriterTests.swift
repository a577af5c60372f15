import Foundation
import TestSupport
import Testing

@testable import FlowReport

@Suite struct SiteWriterTests {
    func writer(_ folder: TemporaryFolder, _ name: String = "site", pid: Int32 = 4242) -> SiteWriter {
        SiteWriter(target: folder.path + "/" + name, homeDirectory: folder.path + "/home/user", processID: pid)
    }

    func reason(_ body: () throws -> Void) -> SiteError.Reason? {
        do {
            try body()
            return nil
        } catch let error as SiteError {
            return error.reason
        } catch {
            return nil
        }
    }

    @Test func writesANewSiteWithTheMarkerAndNoLeftovers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try writer(folder).write { staging in
            try staging.write("<p>hi</p>", to: "index.html")
            try staging.write("a", to: "layers/0.html")
        }
        #expect(path.hasSuffix("/site"))
        #expect(folder.read("site/index.html") == "<p>hi</p>")
        #expect(folder.read("site/layers/0.html") == "a")
        #expect(folder.read("site/.featureflow-site") == SiteWriter.markerContents)
        #expect(folder.list() == ["site"])
    }

    @Test func replacesAMarkedSiteAndAnEmptyFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writer(folder).write { try $0.write("old", to: "old.html") }
        try writer(folder).write { try $0.write("new", to: "index.html") }
        #expect(!folder.exists("site/old.html"))
        #expect(folder.read("site/index.html") == "new")
        #expect(folder.list() == ["site"])

        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: false)
        try writer(folder, "empty").write { try $0.write("x", to: "index.html") }
        #expect(folder.read("empty/index.html") == "x")
    }

    @Test func aFolderWithOnlyPlaceholdersCountsAsEmptyAndKeepsThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("", to: "Output/.gitkeep")
        try folder.write("*\n!.gitignore\n", to: "Output/.gitignore")
        try writer(folder, "Output").write { try $0.write("v1", to: "index.html") }
        #expect(folder.read("Output/index.html") == "v1")
        #expect(folder.read("Output/.gitkeep") == "")
        #expect(folder.read("Output/.gitignore") == "*\n!.gitignore\n")
        #expect(folder.exists("Output/.featureflow-site"))
        // Rebuilding a marked site carries them over again; nothing is left beside it.
        try writer(folder, "Output").write { try $0.write("v2", to: "index.html") }
        #expect(folder.read("Output/index.html") == "v2")
        #expect(folder.read("Output/.gitkeep") == "")
        #expect(folder.list() == ["Output"])
        #expect(folder.list("Output").sorted() == [".featureflow-site", ".gitignore", ".gitkeep", "index.html"])
    }

    @Test func placeholdersDoNotMakeAFolderOfUserFilesWritable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("", to: "mine/.gitkeep")
        try folder.write("precious", to: "mine/notes.txt")
        #expect(reason { try writer(folder, "mine").write { try $0.write("x", to: "index.html") } } == .refusedUnmarked)
        #expect(folder.read("mine/notes.txt") == "precious")
        // Only regular files count: a folder named like a placeholder is user content.
        try FileManager.default.createDirectory(
            atPath: folder.path + "/odd/.gitkeep", withIntermediateDirectories: true)
        #expect(reason { try writer(folder, "odd").write { try $0.write("x", to: "index.html") } } == .refusedUnmarked)
        #expect(folder.exists("odd/.gitkeep"))
    }

    @Test func refusesAnUnmarkedNonEmptyFolderAndTouchesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("precious", to: "mine/thesis.tex")
        #expect(reason { try writer(folder, "mine").write { try $0.write("x", to: "index.html") } } == .refusedUnmarked)
        #expect(folder.read("mine/thesis.tex") == "precious")
        #expect(folder.list() == ["mine"])
        try folder.write("file", to: "plain")
        #expect(reason { try writer(folder, "plain").write { _ in } } == .notAFolder)
    }

    @Test func refusesRootAndHome() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("x", to: "home/user/.bashrc")
        #expect(reason { _ = try SiteWriter(target: "/").resolvedTarget() } == .refusedRoot)
        #expect(reason { _ = try SiteWriter(target: "/tmp/../").resolvedTarget() } == .refusedRoot)
        #expect(reason { _ = try writer(folder, "home/user").resolvedTarget() } == .refusedHome)
        #expect(reason { _ = try writer(folder, "home").resolvedTarget() } == .refusedHome)
        #expect(reason { _ = try writer(folder, "home/user/../user/").resolvedTarget() } == .refusedHome)
        // A marked folder inside home is fine.
        #expect(reason { _ = try writer(folder, "home/user/site").resolvedTarget() } == nil)
    }

    @Test func refusesASymlinkLeadingOutsideButFollowsOneInside() throws {
        let folder = try TemporaryFolder()
        let outside = try TemporaryFolder()
        defer {
            folder.remove()
            outside.remove()
        }
        try folder.write("x", to: "work/keep.txt")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/work/out", withDestinationPath: outside.path)
        let linked = SiteWriter(target: folder.path + "/work/out", homeDirectory: "/nonexistent-home")
        #expect(reason { try linked.write { try $0.write("x", to: "index.html") } } == .refusedSymlink)
        #expect(outside.list().isEmpty)

        try FileManager.default.createDirectory(atPath: folder.path + "/work/v2", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/work/current", withDestinationPath: "v2")
        let inside = SiteWriter(target: folder.path + "/work/current", homeDirectory: "/nonexistent-home")
        try inside.write { try $0.write("x", to: "index.html") }
        #expect(folder.read("work/v2/index.html") == "x")
        #expect(folder.read("work/current/index.html") == "x")
    }

    @Test func aFailingBuildKeepsThePreviousSite() throws {
        struct Boom: Error {}
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writer(folder).write { try $0.write("v1", to: "index.html") }
        #expect(throws: Boom.self) {
            try writer(folder).write { staging in
                try staging.write("v2", to: "index.html")
                throw Boom()
            }
        }
        #expect(folder.read("site/index.html") == "v1")
        #expect(folder.list() == ["site"])
    }

    @Test func leftoversAreCleanedOnlyWhenMarked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(SiteWriter.markerContents, to: ".site.staging-17/.featureflow-site")
        try folder.write("half", to: ".site.staging-17/index.html")
        try folder.write("not ours", to: ".site.staging-18/data.txt")
        try writer(folder).write { try $0.write("x", to: "index.html") }
        #expect(!folder.exists(".site.staging-17"))
        #expect(folder.read(".site.staging-18/data.txt") == "not ours")
    }

    @Test func emptyLeftoversAreCleanedAndABackupWithoutItsSiteIsRestored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Killed between creating the staging folder and writing its marker: empty, so removed.
        try FileManager.default.createDirectory(
            atPath: folder.path + "/.site.staging-19", withIntermediateDirectories: false)
        // Killed between the two renames of the fallback swap: the previous site waits as a marked backup.
        try folder.write(SiteWriter.markerContents, to: ".site.backup-20/.featureflow-site")
        try folder.write("previous", to: ".site.backup-20/index.html")
        writer(folder).removeLeftovers(in: folder.path, name: "site")
        #expect(folder.list() == ["site"])
        #expect(folder.read("site/index.html") == "previous")
        // With the site present, a marked backup is only a leftover.
        try folder.write(SiteWriter.markerContents, to: ".site.backup-21/.featureflow-site")
        try folder.write("older", to: ".site.backup-21/index.html")
        writer(folder).removeLeftovers(in: folder.path, name: "site")
        #expect(folder.list() == ["site"])
        #expect(folder.read("site/index.html") == "previous")
    }

    @Test func foldersAreExchangedInOneStep() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a", to: "a/file")
        try folder.write("b", to: "b/file")
        #expect(DirectoryExchange.exchange(folder.path + "/a", folder.path + "/b"))
        #expect(folder.read("a/file") == "b")
        #expect(folder.read("b/file") == "a")
        #expect(!DirectoryExchange.exchange(folder.path + "/a", folder.path + "/missing"))
        #expect(folder.read("a/file") == "b")
    }

    @Test func aDatabaseInsideTheSiteIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(SiteWriter.markerContents, to: "site/.featureflow-site")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: "site")
        let site = writer(folder)
        for database in ["site/flow.sqlite", "site/data/flow.sqlite", "link/flow.sqlite", "site", "site/"] {
            #expect(
                reason { _ = try site.resolvedTarget(keepingOutside: folder.path + "/" + database) }
                    == .refusedDatabaseInside, "\(database)")
        }
        for database in ["site.sqlite", "other/flow.sqlite", "site2/flow.sqlite"] {
            #expect(reason { _ = try site.resolvedTarget(keepingOutside: folder.path + "/" + database) } == nil)
        }
        // A missing site folder: still refused, before the database would create it.
        let fresh = writer(folder, "fresh")
        #expect(
            reason { _ = try fresh.resolvedTarget(keepingOutside: folder.path + "/fresh/flow.sqlite") }
                == .refusedDatabaseInside)
    }

    @Test func unsafeNamesAreRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["../escape.html", "/etc/passwd", ".hidden", "a/../../b", "a b.html", "", "a//b", "x/é.html"] {
            #expect(reason { try writer(folder).write { try $0.write("x", to: name) } } == .unsafeName)
        }
        #expect(!folder.exists("escape.html"))
        #expect(folder.list().isEmpty)
        #expect(SiteNames.fileName("24/res/14548") == "24_res_14548")
        #expect(SiteNames.fileName("../../etc") == "_._.._etc")
        #expect(SiteNames.fileName("") == "_")
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let build: (SiteStaging) throws -> Void = { staging in
            try staging.write("<svg/>", to: "features/1-res-2.html")
            try staging.write("a,b\n", to: "data/0.csv")
        }
        try writer(folder, "a").write(build)
        try writer(folder, "b").write(build)
        for file in [".featureflow-site", "features/1-res-2.html", "data/0.csv"] {
            #expect(folder.read("a/" + file) == folder.read("b/" + file))
        }
        #expect(folder.list("a") == folder.list("b"))
    }
}
