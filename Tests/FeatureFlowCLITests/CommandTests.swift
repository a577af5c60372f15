import Testing

@testable import FeatureFlowCLI

@Suite struct CommandTests {
    @Test func helpNamesTheTool() {
        #expect(FeatureFlowCommand.helpMessage().contains("featureflow"))
    }
}
