import Foundation

/// PyTorch zip checkpoints built byte by byte: the pickle `torch.save(state_dict)` writes (protocol 2,
/// `collections.OrderedDict`, one `torch._utils._rebuild_tensor_v2` per tensor, persistent ids for the
/// storages) and the zip around it (`archive/data.pkl`, `archive/data/<key>`, `archive/byteorder`,
/// `archive/version`). Nothing here uses the code under test.
extension FixtureWriter {
    /// One tensor of a state dict: the storage it lives in, its offset, shape and strides (elements).
    struct TorchTensor {
        var name: String
        /// `FloatStorage`, `IntStorage`, …
        var storageType = "FloatStorage"
        var storageKey: String
        var storageCount: Int
        var offset = 0
        var shape: [Int]
        var strides: [Int]?

        /// An F32 tensor with its own contiguous storage `key`.
        static func f32(_ name: String, key: String, _ shape: [Int]) -> TorchTensor {
            TorchTensor(name: name, storageKey: key, storageCount: shape.reduce(1, *), shape: shape)
        }
    }

    /// Pickle opcodes, as bytes.
    enum Op {
        static let proto: UInt8 = 0x80, global: UInt8 = 0x63, binput: UInt8 = 0x71, emptyTuple: UInt8 = 0x29
        static let reduce: UInt8 = 0x52, mark: UInt8 = 0x28, binunicode: UInt8 = 0x58, tuple: UInt8 = 0x74
        static let binpersid: UInt8 = 0x51, binint: UInt8 = 0x4A, newFalse: UInt8 = 0x89, setitems: UInt8 = 0x75
        static let stop: UInt8 = 0x2E, emptyDict: UInt8 = 0x7D, build: UInt8 = 0x62, binint1: UInt8 = 0x4B
    }

    /// A pickle writer that numbers memo slots as Python's pickler does.
    struct PickleBytes {
        var bytes: [UInt8] = []
        var memo = 0

        mutating func op(_ code: UInt8) { bytes.append(code) }
        mutating func put() {
            bytes += [Op.binput, UInt8(memo % 256)]
            memo += 1
        }
        mutating func global(_ module: String, _ name: String) {
            bytes += [Op.global] + Array("\(module)\n\(name)\n".utf8)
            put()
        }
        mutating func string(_ text: String) {
            bytes += [Op.binunicode] + u32(UInt32(text.utf8.count)) + Array(text.utf8)
            put()
        }
        mutating func int(_ value: Int) { bytes += [Op.binint] + u32(UInt32(truncatingIfNeeded: value)) }
        mutating func intTuple(_ values: [Int]) {
            op(Op.mark)
            for value in values { int(value) }
            op(Op.tuple)
            put()
        }
    }

    /// The pickle of a state dict (an `OrderedDict` with a `_metadata` attribute unless `plainDict`).
    static func torchPickle(_ tensors: [TorchTensor], plainDict: Bool = false) -> [UInt8] {
        var pickle = PickleBytes()
        pickle.bytes = [Op.proto, 2]
        if plainDict {
            pickle.op(Op.emptyDict)
            pickle.put()
        } else {
            pickle.global("collections", "OrderedDict")
            pickle.op(Op.emptyTuple)
            pickle.op(Op.reduce)
            pickle.put()
        }
        pickle.op(Op.mark)
        for tensor in tensors {
            pickle.string(tensor.name)
            pickle.global("torch._utils", "_rebuild_tensor_v2")
            pickle.op(Op.mark)
            pickle.op(Op.mark)
            pickle.string("storage")
            pickle.global("torch", tensor.storageType)
            pickle.string(tensor.storageKey)
            pickle.string("cpu")
            pickle.int(tensor.storageCount)
            pickle.op(Op.tuple)
            pickle.put()
            pickle.op(Op.binpersid)
            pickle.int(tensor.offset)
            pickle.intTuple(tensor.shape)
            pickle.intTuple(tensor.strides ?? rowMajor(tensor.shape))
            pickle.op(Op.newFalse)
            pickle.global("collections", "OrderedDict")
            pickle.op(Op.emptyTuple)
            pickle.op(Op.reduce)
            pickle.put()
            pickle.op(Op.tuple)
            pickle.put()
            pickle.op(Op.reduce)
            pickle.put()
        }
        pickle.op(Op.setitems)
        if !plainDict {
            // state_dict()._metadata = {'': {'version': 1}}, set through BUILD.
            pickle.op(Op.emptyDict)
            pickle.put()
            pickle.string("_metadata")
            pickle.op(Op.emptyDict)
            pickle.put()
            pickle.string("")
            pickle.op(Op.emptyDict)
            pickle.put()
            pickle.string("version")
            pickle.bytes += [Op.binint1, 1, 0x73, 0x73, 0x73]  // BININT1 1, SETITEM ×3
            pickle.op(Op.build)
        }
        pickle.op(Op.stop)
        return pickle.bytes
    }

    static func rowMajor(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for index in shape.indices.reversed() {
            strides[index] = step
            step *= shape[index]
        }
        return strides
    }

    /// A checkpoint zip: the pickle, one member per storage (`storages`: key → bytes), byteorder and version.
    static func torchZip(pickle: [UInt8], storages: [(key: String, bytes: [UInt8])], prefix: String = "archive")
        -> [UInt8]
    {
        var members = [Member(name: "\(prefix)/data.pkl", contents: pickle)]
        members.append(Member(name: "\(prefix)/byteorder", contents: Array("little".utf8)))
        for storage in storages {
            members.append(Member(name: "\(prefix)/data/\(storage.key)", contents: storage.bytes))
        }
        members.append(Member(name: "\(prefix)/version", contents: Array("3\n".utf8)))
        return npz(members)
    }

    /// A dictionary_learning `AutoEncoder` state dict for d_in × d_sae: `bias [d_in]`, `encoder.weight
    /// [d_sae, d_in]`, `encoder.bias [d_sae]`, `decoder.weight [d_in, d_sae]` (= the transpose of
    /// `grid(rows: d_sae, columns: d_in)`, so decoder row i is grid row i), and optionally a TopK `k`.
    static func dictionaryLearningAE(dIn: Int, dSAE: Int, k: Int? = nil) -> [UInt8] {
        let rows = grid(rows: dSAE, columns: dIn)
        let transposed = (0..<dIn).flatMap { j in (0..<dSAE).map { i in rows[i * dIn + j] } }
        var tensors: [TorchTensor] = [
            .f32(k == nil ? "bias" : "b_dec", key: "0", [dIn]), .f32("encoder.weight", key: "1", [dSAE, dIn]),
            .f32("encoder.bias", key: "2", [dSAE]), .f32("decoder.weight", key: "3", [dIn, dSAE]),
        ]
        var storages: [(key: String, bytes: [UInt8])] = [
            ("0", f32((0..<dIn).map { Float($0) / 4 })), ("1", f32(grid(rows: dSAE, columns: dIn, shift: 1))),
            ("2", f32(.init(repeating: 0.5, count: dSAE))), ("3", f32(transposed)),
        ]
        if let k {
            tensors.append(
                TorchTensor(
                    name: "k", storageType: "IntStorage", storageKey: "4", storageCount: 1, shape: [], strides: []))
            storages.append(("4", u32(UInt32(k))))
        }
        return torchZip(pickle: torchPickle(tensors), storages: storages)
    }
}
