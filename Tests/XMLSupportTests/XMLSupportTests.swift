import Testing

@testable import XMLSupport

@Suite struct XMLSupportTests {
    @Test func reportsLibxmlVersion() {
        #expect(XMLSupport.libxmlVersion.hasPrefix("2."))
    }
}
