import FlowCore

extension FuzzTargets {
    /// Reads every convertible tensor, as decoder rows and (2-D) transposed rows too.
    static func readAll(_ views: [TensorView]) {
        for view in views where view.dtype.isConvertible {
            _ = try? view.floats()
            if view.shape.count == 2 {
                let decoder = view.decoderMatrix()
                _ = try? decoder.rows(0..<decoder.rows)
                _ = try? view.transposed().floats()
            }
            if view.elementCount == 1 { _ = try? view.scalarInt() }
        }
    }

    /// safetensors header and data through the in-memory entry point (the same validation as a mapped file).
    static func safetensors(_ bytes: [UInt8]) {
        guard let file = try? SafetensorsFile(file: MappedFile(bytes: bytes, path: "fuzz.safetensors")) else { return }
        readAll(file.tensors)
    }

    /// A standalone .npy in memory.
    static func npy(_ bytes: [UInt8]) {
        let file = MappedFile(bytes: bytes, path: "fuzz.npy")
        guard let header = try? NpyHeader.parse(in: file, at: 0, length: file.count, name: "a"),
            let view = try? header.view(in: file, at: 0, length: file.count, name: "a")
        else { return }
        readAll([view])
    }

    /// A .npz (zip of .npy members, stored or DEFLATE, ZIP64) in memory.
    static func npz(_ bytes: [UInt8]) {
        guard let archive = try? NpzArchive(file: MappedFile(bytes: bytes, path: "fuzz.npz")) else { return }
        readAll(archive.arrays)
    }
}

extension FuzzTargets {
    /// A whole PyTorch zip checkpoint (`ae.pt`) in memory: zip, CRC, pickle, storages.
    static func torch(_ bytes: [UInt8]) {
        guard let archive = try? ZipArchive(file: MappedFile(bytes: bytes, path: "fuzz.pt")),
            let checkpoint = try? TorchCheckpoint(archive: archive)
        else { return }
        readAll(checkpoint.tensors)
    }

    /// A checkpoint's pickle alone, wrapped in a valid zip (correct CRC-32, storages "0" of 6 floats and "1"
    /// of one int) so that every input reaches the pickle machine.
    static func pickle(_ bytes: [UInt8]) {
        let zip = FixtureWriter.torchZip(
            pickle: bytes, storages: [("0", FixtureWriter.f32([1, 2, 3, 4, 5, 6])), ("1", FixtureWriter.u32(2))])
        torch(zip)
    }
}
