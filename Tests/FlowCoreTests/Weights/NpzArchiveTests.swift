import Foundation
import Testing

@testable import FlowCore

@Suite struct NpzArchiveTests {
    typealias W = FixtureWriter

    func file(_ bytes: [UInt8], _ name: String = "params.npz") -> String {
        let path = W.temporaryFolder("npz") + "/" + name
        W.write(bytes, to: path)
        return path
    }

    @Test func readsNumpyStyleZip64Archive() throws {
        let bytes = W.gemmaScopeNpz(dIn: 4, dSAE: 6)
        // numpy style: ZIP64 local extra and saturated sizes in every local header.
        #expect(Array(bytes[18..<26]) == [UInt8](repeating: 0xFF, count: 8))
        let archive = try NpzArchive(path: file(bytes))
        #expect(archive.arrays.map(\.name) == ["W_enc", "W_dec", "b_enc", "b_dec", "threshold"])
        let decoder = try archive.array("W_dec")
        #expect(decoder.shape == [6, 4])
        #expect(try decoder.rows(5..<6) == Array(W.grid(rows: 6, columns: 4)[20..<24]))
        // v1.0 header of 128 bytes: data starts 128 bytes into the member (zero-copy view into the file).
        #expect(decoder.file === archive.file)
        #expect(try archive.array("threshold").floats() == (0..<6).map { Float($0) / 8 })
        #expect(try archive.array("w_dec").shape == [6, 4])  // case-insensitive like SAELens
    }

    @Test func inflatesDeflateMembersAndChecksCRC() throws {
        let values: [Float] = [1.5, -2, 3.25, 0]
        let member = W.npy(descr: "<f4", shape: [2, 2], data: W.f32(values))
        let archive = try NpzArchive(path: file(W.npz([.init(name: "a.npy", contents: member, deflate: true)])))
        #expect(try archive.array("a").floats() == values)
        // Flip one payload byte: the CRC no longer matches.
        var corrupt = W.npz([.init(name: "a.npy", contents: member, deflate: true)])
        let payload = 30 + 5 + 20 + 5 + 140
        corrupt[payload] ^= 0xFF
        let path = file(corrupt)
        #expect(throws: WeightError(path: path, .corruptMember(member: "a.npy", detail: "CRC-32 mismatch"))) {
            try NpzArchive(path: path)
        }
    }

    @Test func convertsFortranOrderBigEndianAndV2Headers() throws {
        // Logical 2×3 matrix [[1,2,3],[4,5,6]] stored column-major.
        let fortran = W.npy(descr: "<f4", fortran: true, shape: [2, 3], data: W.f32([1, 4, 2, 5, 3, 6]))
        let big = W.npy(descr: ">f4", shape: [3], data: W.f32BigEndian([1.5, -7, 1e-3]))
        let v2 = W.npy(
            descr: "<f8", shape: [2], data: W.u64(Double(2.5).bitPattern) + W.u64(Double(-1).bitPattern), major: 2)
        let archive = try NpzArchive(
            path: file(
                W.npz([
                    .init(name: "f.npy", contents: fortran), .init(name: "b.npy", contents: big),
                    .init(name: "v.npy", contents: v2, zip64Offset: true),
                ])))
        #expect(try archive.array("f").floats() == [1, 2, 3, 4, 5, 6])
        #expect(try archive.array("f").rows(1..<2) == [4, 5, 6])
        #expect(try archive.array("b").floats() == [1.5, -7, 1e-3])
        #expect(try archive.array("v").floats() == [2.5, -1])
        let single = W.temporaryFolder("npy") + "/one.npy"
        W.write(v2, to: single)
        #expect(try NpyFile.open(path: single).floats() == [2.5, -1])
    }

    @Test func refusesObjectArraysWithAClearMessage() {
        let member = W.npy(descr: "|O", shape: [1], data: [0x80, 0x02])
        let path = file(W.npz([.init(name: "o.npy", contents: member)]))
        let expected = WeightError(
            path: path, .unsupportedDType(tensor: "o", dtype: "|O (object arrays are Python pickles)"))
        #expect(throws: expected) { try NpzArchive(path: path) }
    }

    @Test func rejectsTruncatedAndForeignFiles() {
        let bytes = W.gemmaScopeNpz(dIn: 4, dSAE: 6)
        let truncated = file(Array(bytes.prefix(bytes.count - 30)))
        #expect(
            throws: WeightError(
                path: truncated, .malformedHeader("no zip end-of-central-directory record (not a zip archive)"))
        ) {
            try NpzArchive(path: truncated)
        }
        // Members declaring more data than the file has.
        var short = bytes
        short.removeSubrange(300..<400)
        let cut = file(short)
        #expect(throws: WeightError.self) { try NpzArchive(path: cut) }
        let empty = file([])
        #expect(throws: WeightError(path: empty, .truncated("the zip end-of-central-directory record"))) {
            try NpzArchive(path: empty)
        }
    }
}
