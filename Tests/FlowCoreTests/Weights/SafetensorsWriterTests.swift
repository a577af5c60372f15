import Foundation
import Testing

@testable import FlowCore

@Suite struct SafetensorsWriterTests {
    @Test func tinyF32TensorBytesByHand() throws {
        let writer = try SafetensorsWriter(tensors: [SafetensorsTensorSpec(name: "a", dtype: .f32, shape: [2])])
        let bytes = try writer.bytes(values: ["a": [1.0, -2.0]])
        let json = #"{"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#
        #expect(json.utf8.count == 54)
        // N = 54 padded with two spaces to 56; file = 8 + 56 + 8.
        #expect(bytes.count == 72)
        #expect(Array(bytes[0..<8]) == [56, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[8..<62]) == Array(json.utf8))
        #expect(Array(bytes[62..<64]) == [0x20, 0x20])
        #expect(Array(bytes[64..<72]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        #expect(writer.headerLength == 56)
        #expect(writer.fileSize == 72)
    }

    @Test func bf16RoundsToNearestEven() throws {
        let writer = try SafetensorsWriter(tensors: [SafetensorsTensorSpec(name: "x", dtype: .bf16, shape: [3])])
        // 1 + 2^-8 is exactly half-way between two bf16 values: ties to even → 1.0; 1 + 3·2^-8 → 1 + 2^-6.
        let bytes = try writer.bytes(values: ["x": [-2.0, 1.0 + 0x1p-8, 1.0 + 3 * 0x1p-8]])
        let data = Array(bytes[writer.header.count...])
        #expect(data == [0x00, 0xC0, 0x80, 0x3F, 0x82, 0x3F])
        #expect(SyntheticDType.bf16.rounded(1.0 + 3 * 0x1p-8) == 1.0 + 0x1p-6)
    }

    @Test func saeFixtureMatchesReferenceSize() throws {
        // FORMATS.md §6: a 5-tensor F32 SAE with d_in 4, d_sae 6 has N = 312 and 576 bytes in all.
        let writer = try SafetensorsWriter(tensors: [
            SafetensorsTensorSpec(name: "W_enc", dtype: .f32, shape: [4, 6]),
            SafetensorsTensorSpec(name: "threshold", dtype: .f32, shape: [6]),
            SafetensorsTensorSpec(name: "W_dec", dtype: .f32, shape: [6, 4]),
            SafetensorsTensorSpec(name: "b_enc", dtype: .f32, shape: [6]),
            SafetensorsTensorSpec(name: "b_dec", dtype: .f32, shape: [4]),
        ])
        #expect(writer.headerLength == 312)
        #expect(writer.fileSize == 576)
        #expect(writer.tensors.map(\.name) == ["W_dec", "W_enc", "b_dec", "b_enc", "threshold"])
        #expect(writer.dataOffsets["W_enc"] == 96..<192)
        #expect(writer.dataOffsets["threshold"] == 232..<256)
    }

    @Test func metadataIsSortedAndPadded() throws {
        let writer = try SafetensorsWriter(
            tensors: [SafetensorsTensorSpec(name: "s", dtype: .f32, shape: [])], metadata: ["format": "pt"])
        let json = String(decoding: writer.header[8...], as: UTF8.self)
        #expect(json.hasPrefix(#"{"__metadata__":{"format":"pt"},"s":{"data_offsets":[0,4],"#))
        #expect(writer.headerLength % 8 == 0)
        #expect(json.hasSuffix("}") || json.hasSuffix(" "))
    }

    @Test func wrongValueCountIsAnError() throws {
        let writer = try SafetensorsWriter(tensors: [SafetensorsTensorSpec(name: "a", dtype: .f32, shape: [2, 2])])
        #expect(throws: SyntheticError.self) { try writer.bytes(values: ["a": [1, 2, 3]]) }
        #expect(throws: SyntheticError.self) { try writer.bytes(values: ["a": [1, 2, 3, 4, 5]]) }
        #expect(throws: SyntheticError.self) {
            try SafetensorsWriter(tensors: [
                SafetensorsTensorSpec(name: "a", dtype: .f32, shape: [1]),
                SafetensorsTensorSpec(name: "a", dtype: .f32, shape: [1]),
            ])
        }
    }

    @Test func writesTheSameBytesToAFile() throws {
        let writer = try SafetensorsWriter(tensors: [SafetensorsTensorSpec(name: "a", dtype: .f32, shape: [3])])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path) { _, sink in
            try sink.append([0.5])
            try sink.append([0.25, 4])
        }
        let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(onDisk == (try writer.bytes(values: ["a": [0.5, 0.25, 4]])))
    }
}
