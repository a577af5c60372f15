import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

@Suite struct CommandTests {
    @Test func helpNamesTheTool() {
        #expect(FeatureFlowCommand.helpMessage().contains("featureflow"))
    }
}

@Suite struct CheckCommandTests {
    @Test func checkIsRegisteredAndFailsOnABrokenSite() throws {
        let folder = NSTemporaryDirectory() + "featureflow-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("<!DOCTYPE html><html><body><a href=\"gone.html\">x</a></body></html>".utf8)
            .write(to: URL(fileURLWithPath: folder + "/index.html"))
        var command = try FeatureFlowCommand.parseAsRoot(["check", folder])
        #expect(command is CheckCommand)
        #expect(throws: ProblemList.self) { try command.run() }
    }
}
