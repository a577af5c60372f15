import Foundation
import Testing

@testable import FlowCore

/// Weight files that are well formed but absurd: shapes that overflow, zero and negative sizes, header lengths
/// near 2^64, DEFLATE members declaring a terabyte, duplicate names, NaN/Inf rows, nesting bombs.
@Suite struct AbsurdWeightTests {
    typealias W = FixtureWriter

    func file(_ bytes: [UInt8], _ name: String) -> String {
        let path = W.temporaryFolder("absurd") + "/" + name
        W.write(bytes, to: path)
        return path
    }

    /// The error `body` throws for the file at `path`, as a WeightError.
    func reason(_ body: () throws -> Void) -> WeightError.Reason? {
        do {
            try body()
            return nil
        } catch let error as WeightError {
            return error.reason
        } catch {
            Issue.record("not a WeightError: \(error)")
            return nil
        }
    }

    func safetensors(_ header: String, data: [UInt8] = []) -> (String, WeightError.Reason?) {
        let path = file(W.safetensors(header: header, data: data), "t.safetensors")
        return (path, reason { _ = try SafetensorsFile(path: path) })
    }

    func npy(_ bytes: [UInt8]) -> WeightError.Reason? {
        let path = file(bytes, "a.npy")
        return reason { _ = try NpyFile.open(path: path).floats() }
    }

    // MARK: safetensors

    @Test func safetensorsShapeOverflowingIntIsRefused() {
        let big = 1 << 32
        var (path, error) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[\#(big),\#(big)],"data_offsets":[0,0]}}"#)
        #expect(error == .shapeOverflow(tensor: "W_dec", shape: [big, big]))
        #expect(
            WeightError(path: path, error!).description
                == "\(path): tensor 'W_dec' has shape [\(big), \(big)], whose size overflows a 64-bit count")
        // A zero dimension makes the byte count 0, but strides and row lengths still multiply the others.
        (path, error) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[0,\#(1 << 62),4],"data_offsets":[0,0]}}"#)
        #expect(error == .shapeOverflow(tensor: "W_dec", shape: [0, 1 << 62, 4]))
        // d_sae × d_in fits, × 4 bytes does not.
        (path, error) = safetensors(
            #"{"W_dec":{"dtype":"F32","shape":[\#(1 << 31),\#(1 << 31)],"data_offsets":[0,0]}}"#)
        #expect(error == .shapeOverflow(tensor: "W_dec", shape: [1 << 31, 1 << 31]))
    }

    @Test func safetensorsZeroAndNegativeSizes() throws {
        let (_, negative) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,0]}}"#)
        #expect(negative == .malformedHeader("tensor 'W_dec' has no valid shape"))
        let (_, backwards) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#)
        #expect(backwards == .malformedHeader("tensor 'W_dec' has no valid data_offsets"))
        let (_, fractional) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#)
        #expect(fractional == .malformedHeader("tensor 'W_dec' has no valid shape"))
        let (_, huge) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[1e30],"data_offsets":[0,4]}}"#)
        #expect(huge == .malformedHeader("tensor 'W_dec' has no valid shape"))
        // A zero-size tensor is legal in safetensors: it loads, reads as empty, and has no rows.
        let (path, zero) = safetensors(#"{"W_dec":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]}}"#)
        #expect(zero == nil)
        let view = try SafetensorsFile(path: path).tensor("W_dec")
        #expect(try view.floats().isEmpty && view.decoderMatrix().rows == 0)
    }

    @Test func safetensorsHeaderLengthsNear2To64() {
        for declared: UInt64 in [.max, .max - 7, 1 << 63, (1 << 63) - 1, 100_000_001] {
            let path = file(W.u64(declared) + Array("{}      ".utf8), "t.safetensors")
            #expect(
                reason { _ = try SafetensorsFile(path: path) }
                    == .headerLengthOutOfBounds(declared: declared, fileSize: 16))
        }
    }

    @Test func safetensorsDuplicateNamesAreRefused() {
        let (_, error) = safetensors(
            #"{"W_dec":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"W_dec":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
            data: .init(repeating: 0, count: 12))
        #expect(error == .duplicateTensor("W_dec"))
    }

    @Test func safetensorsNestingBombIsAnError() {
        let depth = 100_000
        let header = #"{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let (_, error) = safetensors(header)
        #expect(
            error == .malformedHeader("JSON header does not parse")
                || error == .malformedHeader("entry 'a' is not an object"))
    }

    // MARK: npy / npz

    @Test func npyAbsurdShapesAndHeaderLengths() {
        let big = 1 << 32
        #expect(
            npy(W.npy(descr: "<f4", shape: [big, big], data: [])) == .shapeOverflow(tensor: "a", shape: [big, big]))
        #expect(
            npy(W.npy(descr: "<f4", shape: [0, 1 << 62, 4], data: []))
                == .shapeOverflow(tensor: "a", shape: [0, 1 << 62, 4]))
        #expect(npy(W.npy(descr: "<f4", shape: [-2, 2], data: [])) == .malformedHeader("a: shape holds a non-integer"))
        #expect(npy(W.npy(descr: "<f4", shape: [0, 3], data: [])) == nil)
        // v2 header length 0xFFFFFFFF with a 12-byte file.
        var v2 = W.npy(descr: "<f4", shape: [1], data: W.f32([1]), major: 2)
        v2.replaceSubrange(8..<12, with: W.u32(0xFFFF_FFFF))
        #expect(npy(v2) == .truncated("the .npy header of a"))
    }

    @Test func npyNestingBombDoesNotExhaustTheStack() {
        // 65 000 nested lists fit a v1 header; the parser must refuse them, not recurse 65 000 deep.
        let shape = String(repeating: "[", count: 65_000) + String(repeating: "]", count: 65_000)
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }\n"
        while (10 + header.utf8.count) % 64 != 0 { header.insert(" ", at: header.index(before: header.endIndex)) }
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0] + W.u16(header.utf8.count) + Array(header.utf8)
        #expect(npy(bytes) == .malformedHeader("a: header is not a Python dict literal"))
    }

    /// A one-member npz whose central directory declares sizes through a ZIP64 extra.
    func zip64Member(_ contents: [UInt8], declaredSize: UInt64) -> [UInt8] {
        let stored = W.storedDeflate(contents)
        let name = Array("W_dec.npy".utf8)
        var output = W.u32(0x0403_4b50) + W.u16(45) + W.u16(0) + W.u16(8) + W.u16(0) + W.u16(0x21)
        output += W.u32(W.crc32(contents)) + W.u32(0xFFFF_FFFF) + W.u32(0xFFFF_FFFF) + W.u16(name.count) + W.u16(0)
        output += name + stored
        let extra = W.u16(1) + W.u16(16) + W.u64(declaredSize) + W.u64(UInt64(stored.count))
        let directoryOffset = output.count
        var central = W.u32(0x0201_4b50) + W.u16(45) + W.u16(45) + W.u16(0) + W.u16(8) + W.u16(0) + W.u16(0x21)
        central += W.u32(W.crc32(contents)) + W.u32(0xFFFF_FFFF) + W.u32(0xFFFF_FFFF) + W.u16(name.count)
        central += W.u16(extra.count) + W.u16(0) + W.u16(0) + W.u16(0) + W.u32(0) + W.u32(0) + name + extra
        output += central
        output += W.u32(0x0605_4b50) + W.u16(0) + W.u16(0) + W.u16(1) + W.u16(1)
        output += W.u32(UInt32(central.count)) + W.u32(UInt32(directoryOffset)) + W.u16(0)
        return output
    }

    @Test func deflateMemberDeclaringATerabyteIsRefusedBeforeAllocating() {
        let member = W.npy(descr: "<f4", shape: [2], data: W.f32([1, 2]))
        let terabyte: UInt64 = 1 << 40
        let path = file(zip64Member(member, declaredSize: terabyte), "params.npz")
        #expect(
            reason { _ = try NpzArchive(path: path) }
                == .corruptMember(member: "W_dec.npy", detail: "declared size \(terabyte) is impossible for DEFLATE"))
        // The honest size loads; a plausible lie fails on the bytes actually produced.
        let honest = file(zip64Member(member, declaredSize: UInt64(member.count)), "params.npz")
        #expect(throws: Never.self) { try NpzArchive(path: honest).array("W_dec").floats() }
        let lie = file(zip64Member(member, declaredSize: 100_000), "params.npz")
        #expect(
            reason { _ = try NpzArchive(path: lie) }
                == .corruptMember(
                    member: "W_dec.npy", detail: "sizeMismatch(expected: 100000, actual: \(member.count))"))
    }

    @Test func zip64RecordsPointingPast2To63AreRefused() {
        // A ZIP64 locator whose record offset is 2^64 − 1 (does not fit Int).
        var bytes = W.npz([.init(name: "a.npy", contents: W.npy(descr: "<f4", shape: [1], data: W.f32([1])))])
        let eocd = bytes.count - 22
        bytes.insert(contentsOf: W.u32(0x0706_4b50) + W.u32(0) + W.u64(.max) + W.u32(1), at: eocd)
        let path = file(bytes, "params.npz")
        #expect(
            reason { _ = try NpzArchive(path: path) }
                == .malformedHeader("ZIP64 locator holds an impossible value \(UInt64.max)"))
    }

    @Test func npzDuplicateMembersAreRefused() {
        let member = W.npy(descr: "<f4", shape: [1], data: W.f32([1]))
        let path = file(
            W.npz([.init(name: "W_dec.npy", contents: member), .init(name: "W_dec.npy", contents: member)]),
            "params.npz")
        #expect(reason { _ = try NpzArchive(path: path) } == .duplicateTensor("W_dec"))
    }

    @Test func gemmaScopeZeroSizesAreRefused() {
        let path = W.temporaryFolder("gemma") + "/gemma-scope-2b-pt-res/layer_3/width_1k/average_l0_5/params.npz"
        W.write(
            W.npz([
                .init(name: "W_dec.npy", contents: W.npy(descr: "<f4", shape: [0, 4], data: [])),
                .init(name: "threshold.npy", contents: W.npy(descr: "<f4", shape: [0], data: [])),
            ]), to: path)
        let location = GemmaScopeLocation(
            modelSize: "2b", variant: "pt", hookSite: .res, layer: 3, widthLabel: "", averageL0: 5)
        #expect(
            reason { _ = try GemmaScopeReader.load(path: path, location: location) }
                == .wrongShape(tensor: "W_dec", expected: [-1, -1], actual: [0, 4]))
        // A width label too large for Int is no width at all (not a trap).
        #expect(
            GemmaScopeLocation(
                path: "/g/gemma-scope-2b-pt-res/layer_1/width_99999999999999999m/average_l0_5/params.npz")?.width == nil
        )
    }

    // MARK: NaN / Inf

    @Test func nonFiniteDecoderRowsFailWhenRead() throws {
        var values = W.grid(rows: 4, columns: 2)
        values[3] = .nan  // row 1
        values[6] = -.infinity  // row 3
        let folder = W.temporaryFolder("nan")
        W.saelensFolder(
            at: folder, config: W.v6Config(dIn: 2, dSAE: 4, hook: "blocks.0.hook_resid_post", architecture: "standard"),
            tensors: [.f32("W_dec", [4, 2], values)])
        var warnings: [String] = []
        let sae = try SAELensReader.load(folder: folder, warnings: &warnings)  // opening reads no row
        let weights = folder + "/sae_weights.safetensors"
        #expect(try sae.decoder.row(0) == [1, 0.5])
        #expect(reason { _ = try sae.decoder.row(1) } == .nonFiniteDecoder(tensor: "W_dec", row: 1))
        #expect(reason { _ = try sae.decoder.rows(2..<4) } == .nonFiniteDecoder(tensor: "W_dec", row: 3))
        #expect(throws: WeightError(path: weights, .nonFiniteDecoder(tensor: "W_dec", row: 1))) {
            try sae.decoder.rows(0..<4)
        }
        // BF16 +Inf (0x7F80) and a transposed (Llama Scope) view report the feature row too.
        let bf16 = file(
            W.safetensors([.init(name: "d", dtype: "BF16", shape: [2, 3], bytes: W.bf16([1, 2, 3, 4, .infinity, 6]))]),
            "b.safetensors")
        let view = try SafetensorsFile(path: bf16).tensor("d")
        #expect(reason { _ = try view.decoderMatrix().row(1) } == .nonFiniteDecoder(tensor: "d", row: 1))
        #expect(
            reason { _ = try view.transposed().decoderMatrix().rows(0..<3) } == .nonFiniteDecoder(tensor: "d", row: 1))
    }
}
