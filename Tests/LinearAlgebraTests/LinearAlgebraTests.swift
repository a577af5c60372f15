import Testing

@testable import LinearAlgebra

@Suite struct LinearAlgebraTests {
    @Test func linksOpenBLAS() {
        #expect(LinearAlgebra.openBLASConfig.contains("OpenBLAS"))
    }
}
