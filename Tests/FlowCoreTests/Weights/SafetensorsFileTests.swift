import Foundation
import Testing

@testable import FlowCore

@Suite struct SafetensorsFileTests {
    typealias W = FixtureWriter

    /// Writes `bytes` to a fresh file and returns its path.
    func file(_ bytes: [UInt8], _ name: String = "t.safetensors") -> String {
        let path = W.temporaryFolder("st") + "/" + name
        W.write(bytes, to: path)
        return path
    }

    func error(_ bytes: [UInt8]) -> (String, WeightError?) {
        let path = file(bytes)
        do {
            _ = try SafetensorsFile(path: path)
            return (path, nil)
        } catch let error as WeightError {
            return (path, error)
        } catch {
            return (path, nil)
        }
    }

    @Test func decoderReadsAgainAfterReleasingItsPages() throws {
        let weights = try SafetensorsFile(path: file(W.safetensors(W.saeTensors(dIn: 4, dSAE: 6, threshold: true))))
        let decoder = try weights.tensor("W_dec").decoderMatrix()
        let before = try decoder.rows(0..<6)
        decoder.releaseResidentPages()
        #expect(try decoder.rows(0..<6) == before)
        #expect(before == W.grid(rows: 6, columns: 4))
    }

    @Test func readsF32RowsAndLayout() throws {
        let bytes = W.safetensors(W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        // The FORMATS.md §6 layout: 256 data bytes after the padded header.
        #expect((bytes.count - 256 - 8) % 8 == 0)
        let weights = try SafetensorsFile(path: file(bytes))
        let decoder = try weights.tensor("W_dec")
        #expect(decoder.shape == [6, 4])
        #expect(decoder.dtype == .f32)
        #expect(try decoder.rows(2..<4) == Array(W.grid(rows: 6, columns: 4)[8..<16]))
        #expect(try weights.tensor("threshold").floats() == [0, 0.125, 0.25, 0.375, 0.5, 0.625])
        #expect(weights.tensorNames == ["W_dec", "W_enc", "b_dec", "b_enc", "threshold"])
    }

    @Test func readsBF16AndF16AndF64() throws {
        let values: [Float] = [1, -2.5, 0.15625, 3e-3, 65504, -0]
        let f16 = values.flatMap { W.u16(Int(Float16($0).bitPattern)) }
        let f64 = values.flatMap { W.u64(Double($0).bitPattern) }
        let bytes = W.safetensors([
            .bf16("a", [2, 3], [1, -2.5, 0.15625, 4, 65536, -0]),
            .init(name: "h", dtype: "F16", shape: [6], bytes: f16),
            .init(name: "d", dtype: "F64", shape: [3, 2], bytes: f64),
            .init(name: "k", dtype: "I64", shape: [], bytes: W.u64(32)),
            .init(name: "k32", dtype: "I32", shape: [1], bytes: W.u32(7)),
        ])
        let weights = try SafetensorsFile(path: file(bytes))
        #expect(try weights.tensor("a").rows(1..<2) == [4, 65536, -0])
        let half = try weights.tensor("h").floats()
        for (value, expected) in zip(half, values) { #expect(abs(value - Float(Float16(expected))) == 0) }
        #expect(try weights.tensor("d").floats() == values)
        #expect(try weights.tensor("k").scalarInt() == 32)
        #expect(try weights.tensor("k32").scalarInt() == 7)
    }

    @Test func readsMetadataAndUnpaddedLegacyHeader() throws {
        let tensors = [W.Tensor.f32("x", [2], [1, 2])]
        let withMetadata = try SafetensorsFile(
            path: file(W.safetensors(tensors, metadata: ["format": "pt", "v": "1"])))
        #expect(withMetadata.metadata == ["format": "pt", "v": "1"])
        #expect(withMetadata.tensorNames == ["x"])
        let legacy = W.safetensors(tensors, pad: false)
        #expect((legacy.count - 8 - 8) % 8 != 0)
        #expect(try SafetensorsFile(path: file(legacy)).tensor("x").floats() == [1, 2])
        #expect(try SafetensorsFile(path: file(W.safetensors(header: "{}", data: []))).tensors.isEmpty)
    }

    @Test func rejectsTruncatedFile() {
        let bytes = W.safetensors(W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        let (path, error) = self.error(Array(bytes.dropLast(10)))
        #expect(error == WeightError(path: path, .outOfBounds(tensor: "threshold")))
        let (short, tiny) = self.error([1, 2, 3])
        #expect(tiny == WeightError(path: short, .truncated("the 8-byte header length")))
    }

    @Test func rejectsHeaderLengthPastTheEnd() {
        let bytes = W.u64(4096) + Array("{}".utf8)
        let (path, error) = self.error(bytes)
        #expect(error == WeightError(path: path, .headerLengthOutOfBounds(declared: 4096, fileSize: 10)))
        #expect(error?.description.hasPrefix(path + ": header length 4096") == true)
    }

    @Test func rejectsOverlapsHolesAndSizeMismatch() {
        let data = [UInt8](repeating: 0, count: 16)
        let overlap =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[4],"data_offsets":[4,20]}}"#
        var (path, error) = self.error(W.safetensors(header: overlap, data: data + [0, 0, 0, 0]))
        #expect(error == WeightError(path: path, .overlappingOffsets(tensor: "b", previous: "a")))
        let hole =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#
        (path, error) = self.error(W.safetensors(header: hole, data: data))
        #expect(error == WeightError(path: path, .hole(before: "b", bytes: 4)))
        let mismatch = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#
        (path, error) = self.error(W.safetensors(header: mismatch, data: data))
        #expect(error == WeightError(path: path, .sizeMismatch(tensor: "a", expected: 12, actual: 16)))
    }

    @Test func rejectsUnknownDTypeDuplicatesAndBadJSON() {
        let unknown = #"{"a":{"dtype":"F42","shape":[2],"data_offsets":[0,8]}}"#
        var (path, error) = self.error(W.safetensors(header: unknown, data: .init(repeating: 0, count: 8)))
        #expect(error == WeightError(path: path, .unknownDType(tensor: "a", dtype: "F42")))
        let duplicate =
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        (path, error) = self.error(W.safetensors(header: duplicate, data: .init(repeating: 0, count: 8)))
        #expect(error == WeightError(path: path, .duplicateTensor("a")))
        (path, error) = self.error(W.safetensors(header: "[1,2]", data: []))
        #expect(error == WeightError(path: path, .malformedHeader("JSON header must start with '{'")))
        (path, error) = self.error(W.safetensors(header: "{\"a\":", data: []))
        #expect(error == WeightError(path: path, .malformedHeader("JSON header does not parse")))
    }

    @Test func reportsMissingTensorAndUnconvertibleDType() throws {
        let path = file(W.safetensors([.init(name: "m", dtype: "U8", shape: [2], bytes: [1, 2])]))
        let weights = try SafetensorsFile(path: path)
        #expect(throws: WeightError(path: path, .missingTensor("W_dec"))) { try weights.tensor("W_dec") }
        #expect(throws: WeightError(path: path, .unsupportedDType(tensor: "m", dtype: "U8"))) {
            try weights.tensor("m").floats()
        }
    }

    @Test func transposedViewReadsColumns() throws {
        let weights = try SafetensorsFile(path: file(W.safetensors([.bf16("d", [2, 3], [1, 2, 3, 4, 5, 6])])))
        let columns = try weights.tensor("d").transposed()
        #expect(columns.shape == [3, 2])
        #expect(try columns.floats() == [1, 4, 2, 5, 3, 6])
        #expect(try columns.rows(1..<2) == [2, 5])
    }
}
