import Foundation
import Testing

@testable import FlowCore

/// dictionary_learning `ae.pt` files built byte by byte (zip + pickle): read without Python, and hostile or
/// broken checkpoints refused with an error naming the file.
@Suite struct DictionaryLearningTests {
    typealias W = FixtureWriter

    static let config = """
        {"trainer": {"dict_class": "AutoEncoder", "trainer_class": "StandardTrainer", "activation_dim": 4,
                     "dict_size": 6, "layer": 3, "lm_name": "tiny", "submodule_name": "resid_post_layer_3"},
         "buffer": {"d_submodule": 4, "io": "out", "n_ctxs": 10}}
        """

    /// The error `body` throws, as a located error (nil when it throws none or another kind).
    func error(_ body: () throws -> Void) -> (any LocatedError)? {
        do {
            try body()
        } catch let error as any LocatedError {
            return error
        } catch {
            return nil
        }
        return nil
    }

    @Test func readsAnAutoEncoderThroughDiscovery() throws {
        let root = W.temporaryFolder("dl")
        let folder = root + "/resid_post_layer_3/trainer_0"
        W.write(W.dictionaryLearningAE(dIn: 4, dSAE: 6), to: folder + "/ae.pt")
        W.write(Self.config, to: folder + "/config.json")
        let catalog = try SAECatalog.load(path: root)
        let sae = try #require(catalog.saes.first)
        #expect(catalog.saes.count == 1 && sae.source.format == .dictionaryLearning)
        #expect(sae.layer == 3 && sae.hookSite == .res && sae.hookName == "blocks.3.hook_resid_post")
        #expect(sae.dIn == 4 && sae.dSAE == 6 && sae.architecture == .standard && sae.source.dtype == "F32")
        // decoder.weight [d_in, d_sae] is stored transposed: row i of the decoder is grid row i.
        #expect(try sae.decoder.rows(0..<6) == W.grid(rows: 6, columns: 4))
        let encoder = try #require(sae.encoder)
        #expect(encoder.layout == .featureMajor && encoder.applyDecoderBiasToInput)
        #expect(try encoder.decoderBias?.floats() == [0, 0.25, 0.5, 0.75])
        #expect(try encoder.bias?.floats() == [Float](repeating: 0.5, count: 6))
    }

    @Test func readsTopKWithoutConfigAndAPlainDict() throws {
        let root = W.temporaryFolder("dl-topk")
        W.write(W.dictionaryLearningAE(dIn: 4, dSAE: 6, k: 3), to: root + "/mlp_out_layer_2/ae.pt")
        let sae = try #require(try SAECatalog.load(path: root).saes.first)
        #expect(sae.layer == 2 && sae.hookSite == .mlp && sae.architecture == .topk(k: 3))
        #expect(try sae.decoder.row(5) == Array(W.grid(rows: 6, columns: 4)[20..<24]))

        // training.py saves `{k: v.cpu() for k, v in state_dict().items()}`: a plain dict, no metadata.
        let pickle = W.torchPickle([.f32("decoder.weight", key: "0", [2, 3])], plainDict: true)
        W.write(W.torchZip(pickle: pickle, storages: [("0", W.f32([1, 2, 3, 4, 5, 6]))]), to: root + "/p.pt")
        let checkpoint = try TorchCheckpoint(path: root + "/p.pt")
        #expect(checkpoint.tensors.map(\.name) == ["decoder.weight"])
        #expect(try checkpoint.tensors[0].floats() == [1, 2, 3, 4, 5, 6])
    }

    @Test func honoursStorageOffsetsAndSharedStorages() throws {
        // Two tensors in one storage of 10 floats: a [2, 3] at offset 4 and a [4] at offset 0.
        let tensors: [W.TorchTensor] = [
            .init(name: "a", storageKey: "0", storageCount: 10, offset: 4, shape: [2, 3]),
            .init(name: "b", storageKey: "0", storageCount: 10, shape: [4]),
        ]
        let path = W.temporaryFolder("dl-offset") + "/ae.pt"
        W.write(
            W.torchZip(pickle: W.torchPickle(tensors), storages: [("0", W.f32((0..<10).map(Float.init)))]), to: path)
        let checkpoint = try TorchCheckpoint(path: path)
        #expect(try checkpoint.tensorIfPresent("a")?.floats() == [4, 5, 6, 7, 8, 9])
        #expect(try checkpoint.tensorIfPresent("b")?.floats() == [0, 1, 2, 3])
    }

    @Test func readsTheManifestEntryWithItsOwnPosition() throws {
        let root = W.temporaryFolder("dl-manifest")
        W.write(W.dictionaryLearningAE(dIn: 4, dSAE: 6), to: root + "/sae/ae.pt")
        W.write("saes:\n  - path: sae\n    layer: 7\n    site: att\n", to: root + "/featureflow.yaml")
        let sae = try #require(try SAECatalog.load(path: root).saes.first)
        #expect(sae.layer == 7 && sae.hookSite == .att && sae.source.format == .dictionaryLearning)
        #expect(sae.hookName == "blocks.7.hook_attn_out" && !sae.needsProjection)
    }

    /// A checkpoint whose pickle is `pickle`, with one float storage "0" of 6 elements.
    func hostile(_ pickle: [UInt8], _ label: String) -> String {
        let path = W.temporaryFolder("dl-hostile-\(label)") + "/ae.pt"
        W.write(W.torchZip(pickle: pickle, storages: [("0", W.f32([1, 2, 3, 4, 5, 6]))]), to: path)
        return path
    }

    @Test func refusesForeignGlobalsOpcodesAndCalls() throws {
        let text = Array("echo pwned".utf8)
        let osSystem: [UInt8] =
            [0x80, 2, 0x63] + Array("os\nsystem\n".utf8) + [0x58] + W.u32(UInt32(text.count)) + text + [
                0x85, 0x52, 0x2E,
            ]
        let cases: [(label: String, pickle: [UInt8], says: String)] = [
            ("os-system", osSystem, "imports 'os system'"),
            (
                "stack-global",
                [0x80, 4, 0x8C, 8] + Array("builtins".utf8) + [0x8C, 4] + Array("eval".utf8) + [0x93, 0x2E],
                "imports 'builtins eval'"
            ),
            ("inst", [0x80, 2, 0x69] + Array("os\nsystem\n".utf8) + [0x2E], "INST (0x69)"),
            ("newobj", [0x80, 2, 0x29, 0x29, 0x81, 0x2E], "NEWOBJ (0x81)"),
            (
                "reduce-storage", [0x80, 2, 0x63] + Array("torch\nFloatStorage\n".utf8) + [0x29, 0x52, 0x2E],
                "REDUCE on 'torch FloatStorage'"
            ),
            (
                "reduce-ordereddict-args",
                [0x80, 2, 0x63] + Array("collections\nOrderedDict\n".utf8) + [0x4E, 0x85, 0x52, 0x2E],
                "REDUCE on 'collections OrderedDict' with 1 argument(s)"
            ),
            ("build-on-list", [0x80, 2, 0x5D, 0x7D, 0x62, 0x2E], "BUILD on a list"),
        ]
        for item in cases {
            let path = hostile(item.pickle, item.label)
            let thrown = error { _ = try TorchCheckpoint(path: path) }
            #expect(thrown?.path == path, "\(item.label)")
            #expect(thrown?.message.hasPrefix("refused pickle: 'archive/data.pkl'") == true, "\(item.label)")
            #expect(thrown?.message.contains(item.says) == true, "\(item.label): \(thrown?.message ?? "no error")")
        }
    }

    @Test func refusesBrokenCheckpoints() throws {
        let valid = W.torchPickle([.f32("decoder.weight", key: "0", [2, 3])])
        let storage: [(key: String, bytes: [UInt8])] = [("0", W.f32([1, 2, 3, 4, 5, 6]))]
        func refusal(_ bytes: [UInt8], _ label: String) -> WeightError.Reason? {
            let path = W.temporaryFolder("dl-broken-\(label)") + "/ae.pt"
            W.write(bytes, to: path)
            let thrown = error { _ = try TorchCheckpoint(path: path) }
            #expect(thrown?.path == path, "\(label)")
            return (thrown as? WeightError)?.reason
        }
        // A pickle cut short, and one that never reaches STOP.
        guard case .truncated(let what) = refusal(W.torchZip(pickle: Array(valid.prefix(40)), storages: storage), "cut")
        else {
            Issue.record("a cut pickle was not refused as truncated")
            return
        }
        #expect(what.hasPrefix("pickle 'archive/data.pkl' at byte "))
        #expect(refusal(W.torchZip(pickle: Array(valid.dropLast()), storages: storage), "nostop") != nil)
        // A flipped data byte: the CRC no longer matches.
        var zip = W.torchZip(pickle: valid, storages: storage)
        let data = zip.indices.first { Array(zip[$0..<($0 + 8)]) == W.f32([1, 2]) }!
        zip[data] ^= 0x40
        #expect(refusal(zip, "crc") == .corruptMember(member: "archive/data/0", detail: "CRC-32 mismatch"))
        // A storage that says 6 elements over a member of 5.
        #expect(
            refusal(W.torchZip(pickle: valid, storages: [("0", W.f32([1, 2, 3, 4, 5]))]), "size")
                == .sizeMismatch(tensor: "decoder.weight", expected: 24, actual: 20))
        // A transposed (non-contiguous) view, and a view past its storage.
        let strided = W.torchPickle([
            .init(name: "w", storageKey: "0", storageCount: 6, shape: [2, 3], strides: [1, 2])
        ])
        guard case .malformedHeader(let why) = refusal(W.torchZip(pickle: strided, storages: storage), "strided") else {
            Issue.record("a non-contiguous tensor was not refused")
            return
        }
        #expect(why.contains("not contiguous"))
        let past = W.torchPickle([.init(name: "w", storageKey: "0", storageCount: 6, offset: 2, shape: [2, 3])])
        #expect(refusal(W.torchZip(pickle: past, storages: storage), "past") == .outOfBounds(tensor: "w"))
        // No data.pkl at all.
        #expect(
            refusal(W.npz([.init(name: "x/version", contents: [0x33])]), "nopickle")
                == .malformedHeader("no data.pkl member (not a PyTorch zip checkpoint)"))
    }

    @Test func refusesDeepNesting() throws {
        let pickle: [UInt8] = [0x80, 2, 0x29] + [UInt8](repeating: 0x85, count: 100) + [0x2E]
        let path = hostile(pickle, "deep")
        let thrown = error { _ = try TorchCheckpoint(path: path) }
        #expect(thrown?.path == path && thrown?.message.contains("nested deeper than 32") == true)
    }

    /// The checked-in `Tests/Fixtures/dictionary_learning/ae.pt`, written by PyTorch itself
    /// (`make-ae-pt.py`), reads as the same tensors as the hand-built file.
    @Test func aTorchWrittenCheckpointMatchesTheHandBuiltOne() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/dictionary_learning/resid_post_layer_3/ae.pt")
        let real = try TorchCheckpoint(path: fixture.path)
        let path = W.temporaryFolder("dl-compare") + "/ae.pt"
        W.write(W.dictionaryLearningAE(dIn: 4, dSAE: 6), to: path)
        let built = try TorchCheckpoint(path: path)
        #expect(Set(real.tensors.map(\.name)) == Set(built.tensors.map(\.name)))
        for tensor in built.tensors {
            let other = try #require(real.tensorIfPresent(tensor.name))
            #expect(other.shape == tensor.shape && other.dtype == tensor.dtype, "\(tensor.name)")
            #expect(try other.floats() == tensor.floats(), "\(tensor.name)")
        }
    }
}
