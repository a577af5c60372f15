import Testing

@testable import ModelRuntime

@Suite struct WeightMatrixTests {
    @Test func inMemoryRowsDecodeToTheirValues() {
        let matrix = WeightMatrix(name: "w", rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])
        var out = [Float](repeating: 0, count: 4)
        out.withUnsafeMutableBufferPointer { matrix.decodeRows(1..<3, $0.baseAddress!) }
        #expect(out == [3, 4, 5, 6])
        #expect(matrix.floats() == [1, 2, 3, 4, 5, 6])
    }
}
