import Codecs
import FlowCore
import Foundation

/// "A 300 MB weight file opens in well under a second without copying": writes a Gemma-Scope-16k-sized
/// npz (numpy style, ZIP64, STORED) and the same tensors as SAELens safetensors, then measures open time
/// and resident memory (VmRSS) before and after opening, after one row, and after reading every row.
func runOpenBenchmark() throws {
    print("\n## open: Gemma Scope 16k-sized weights (d_in 2304, d_sae 16384, F32)")
    let root = NSTemporaryDirectory() + "featureflow-bench-open-\(ProcessInfo.processInfo.processIdentifier)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (dIn, dSAE) = (2304, 16384)
    let tensors: [(name: String, shape: [Int])] = [
        ("W_enc", [dIn, dSAE]), ("W_dec", [dSAE, dIn]), ("b_enc", [dSAE]), ("b_dec", [dIn]), ("threshold", [dSAE]),
    ]
    let npzPath = root + "/gemma-scope-2b-pt-res/layer_0/width_16k/average_l0_105/params.npz"
    let saelensFolder = root + "/blocks.0.hook_resid_post"
    let writeStart = DispatchTime.now()
    try BenchWriter.npz(path: npzPath, tensors: tensors)
    try BenchWriter.saelens(folder: saelensFolder, tensors: tensors, dIn: dIn, dSAE: dSAE)
    print(String(format: "wrote both files in %.1f s", seconds(since: writeStart)))

    for (label, path, open) in [
        ("npz (Gemma Scope)", npzPath, { try GemmaScopeReader.load(path: npzPath) }),
        (
            "safetensors (SAELens)", saelensFolder + "/sae_weights.safetensors",
            {
                var warnings: [String] = []
                return try SAELensReader.load(folder: saelensFolder, warnings: &warnings)
            }
        ),
    ] as [(String, String, () throws -> SAE)] {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let before = residentKB()
        let start = DispatchTime.now()
        let sae = try open()
        let openSeconds = seconds(since: start)
        let afterOpen = residentKB()
        let rowStart = DispatchTime.now()
        let row = try sae.decoder.row(dSAE / 2)
        let rowSeconds = seconds(since: rowStart)
        let afterRow = residentKB()
        let scanStart = DispatchTime.now()
        var checksum: Float = 0
        var index = 0
        while index < dSAE {
            let block = try sae.decoder.rows(index..<min(dSAE, index + 1024))
            checksum += block[0]
            index += 1024
        }
        let scanSeconds = seconds(since: scanStart)
        let afterScan = residentKB()
        print("\(label): \(size) bytes (\(ByteSize.string(size)))")
        print(
            String(
                format:
                    "  open %.2f ms; VmRSS %d kB before, %d kB after open (+%d kB), %d kB after one row (+%d kB, %.3f ms, %d floats)",
                openSeconds * 1000, before, afterOpen, afterOpen - before, afterRow, afterRow - afterOpen,
                rowSeconds * 1000, row.count))
        print(
            String(
                format:
                    "  all %d decoder rows (NaN-checked, F32): %.0f ms, %.2f GB/s; VmRSS %d kB (+%d kB: the mapped W_dec pages)",
                dSAE, scanSeconds * 1000, Double(dSAE * dIn * 4) / scanSeconds / 1e9, afterScan, afterScan - afterRow)
        )
        _ = checksum
    }
}

/// Seconds elapsed since `start`.
private func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// VmRSS of this process in kB, from /proc/self/status (0 when unavailable).
private func residentKB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

/// Streams big fixture files to disk in 4 MB chunks (values are a repeating ramp, all finite).
private enum BenchWriter {
    static let chunk: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 << 20)
        for index in 0..<(1 << 20) {
            let value = Float(index % 977) / 977 - 0.5
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }()

    static func le(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// Writes `byteCount` bytes of ramp data, returning its CRC-32.
    static func data(_ handle: FileHandle, byteCount: Int, crc initial: UInt32 = 0) -> UInt32 {
        var crc = initial
        var left = byteCount
        while left > 0 {
            let slice = Array(chunk.prefix(min(left, chunk.count)))
            crc = slice.withUnsafeBytes { CRC32.checksum($0, initial: crc) }
            handle.write(Data(slice))
            left -= slice.count
        }
        return crc
    }

    static func create(_ path: String) throws -> FileHandle {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return try FileHandle(forUpdating: URL(fileURLWithPath: path))
    }

    /// A numpy-style npz: ZIP64 local extras, 0xFFFFFFFF local sizes, CRC patched in after each member.
    static func npz(path: String, tensors: [(name: String, shape: [Int])]) throws {
        let handle = try create(path)
        defer { try? handle.close() }
        var central: [UInt8] = []
        var offset = 0
        for tensor in tensors {
            let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(\(tensor.shape[0]), \(tensor.shape[1]))"
            var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
            while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
            header += "\n"
            let npyHeader =
                [0x93] + Array("NUMPY".utf8) + [1, 0] + le(UInt64(header.utf8.count), 2) + Array(header.utf8)
            let dataBytes = tensor.shape.reduce(1, *) * 4
            let size = UInt64(npyHeader.count + dataBytes)
            let name = Array("\(tensor.name).npy".utf8)
            var local: [UInt8] = le(0x0403_4b50, 4) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2)
            let crcPosition = offset + local.count
            local += le(0, 4) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(name.count), 2) + le(20, 2) + name
            local += le(1, 2) + le(16, 2) + le(size, 8) + le(size, 8)
            handle.write(Data(local + npyHeader))
            let crc = data(handle, byteCount: dataBytes, crc: npyHeader.withUnsafeBytes { CRC32.checksum($0) })
            let end = try handle.offset()
            try handle.seek(toOffset: UInt64(crcPosition))
            handle.write(Data(le(UInt64(crc), 4)))
            try handle.seek(toOffset: end)
            central += le(0x0201_4b50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2)
            central += le(UInt64(crc), 4) + le(size, 4) + le(size, 4) + le(UInt64(name.count), 2) + le(0, 2) + le(0, 2)
            central += le(0, 2) + le(0, 2) + le(0, 4) + le(UInt64(offset), 4) + name
            offset = Int(end)
        }
        let count = UInt64(tensors.count)
        handle.write(Data(central))
        handle.write(
            Data(
                le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(count, 2) + le(count, 2) + le(UInt64(central.count), 4)
                    + le(UInt64(offset), 4) + le(0, 2)))
    }

    /// A SAELens folder: v6 cfg.json and an F32 sae_weights.safetensors with the same tensors.
    static func saelens(folder: String, tensors: [(name: String, shape: [Int])], dIn: Int, dSAE: Int) throws {
        let config = """
            {"d_in": \(dIn), "d_sae": \(dSAE), "dtype": "float32", "architecture": "jumprelu",
             "metadata": {"hook_name": "blocks.0.hook_resid_post"}}
            """
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/cfg.json"))
        var entries: [String] = []
        var offset = 0
        for tensor in tensors {
            let bytes = tensor.shape.reduce(1, *) * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}"
            )
            offset += bytes
        }
        var header = "{" + entries.joined(separator: ",") + "}"
        while header.utf8.count % 8 != 0 { header += " " }
        let handle = try create(folder + "/sae_weights.safetensors")
        defer { try? handle.close() }
        handle.write(Data(le(UInt64(header.utf8.count), 8) + Array(header.utf8)))
        for tensor in tensors { _ = data(handle, byteCount: tensor.shape.reduce(1, *) * 4) }
    }
}
