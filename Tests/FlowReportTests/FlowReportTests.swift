import Testing

@testable import FlowReport

@Suite struct FlowReportTests {
    @Test func moduleLoads() {
        #expect(String(describing: FlowReport.self) == "FlowReport")
    }
}
