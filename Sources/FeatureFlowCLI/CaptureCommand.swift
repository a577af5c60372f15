import ArgumentParser
import Codecs
import FlowCore
import Foundation
import ModelRuntime

/// `featureflow capture`: run texts through the model and dump hook activations (the activation
/// dump the evidence stage reads).
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Run texts through a model and write hook activations as .npy files.",
        discussion: """
            Each file is tokenised and cut into sequences of --context tokens (each starting with BOS when \
            the tokeniser adds one; the last one padded). Writes <hook name>.npy ([sequences, positions, d], \
            float32 or --dtype f16), tokens.npy (int32 [sequences, positions]) and capture.json (model, \
            context, inputs and outputs with SHA-256, BOS and padding positions).
            """)

    enum DType: String, ExpressibleByArgument, CaseIterable {
        case f32, f16
    }

    @OptionGroup var runtime: RuntimeModelOptions

    @Option(parsing: .upToNextOption, help: "Text files (UTF-8).")
    var text: [String]

    @Option(help: "Comma-separated hook names, e.g. blocks.3.hook_resid_post,blocks.3.attn.hook_z.")
    var hooks: String

    @Option(help: "Output folder (created).")
    var out: String

    @Option(help: "Tokens per sequence.")
    var context: Int = 128

    @Option(help: "Sequences per forward pass.")
    var batch: Int = 16

    @Option(help: "f32 or f16.")
    var dtype: DType = .f32

    func validate() throws {
        if text.isEmpty { throw ValidationError("Give at least one --text file.") }
        if context < 2 { throw ValidationError("--context must be at least 2.") }
        if batch < 1 { throw ValidationError("--batch must be at least 1.") }
        for name in hookNames where TransformerHook(name: name) == nil {
            throw ValidationError("Unknown hook '\(name)' (hook_embed, blocks.L.hook_resid_pre, …).")
        }
    }

    var hookNames: [String] { hooks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        let (model, tokenizer) = try runtime.load()
        let points = hookNames.compactMap(TransformerHook.init(name:))
        for point in points where (point.layer ?? 0) >= model.config.layerCount {
            throw ValidationError("\(point.name): the model has \(model.config.layerCount) layers.")
        }
        let input = try tokenize(tokenizer)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let tokensPath = URL(fileURLWithPath: out).appendingPathComponent("tokens.npy").path
        let tokenWriter = try NpyWriter(path: tokensPath, element: .int32, shape: [input.sequences.count, context])
        try tokenWriter.append(input.sequences.flatMap { $0.map(Int32.init) })
        try tokenWriter.close()
        let printer = ProgressPrinter(quiet: runtime.quiet)
        var outputs = try capture(input.sequences, model: model, points: points, printer: printer)
        outputs["tokens.npy"] = try Self.sha256(of: tokensPath)
        try writeManifest(input, points: points, outputs: outputs)
        printer.line("\(input.sequences.count) sequences × \(context) positions, \(points.count) hooks → \(out)")
    }

    /// The texts cut into sequences, with what the manifest records about them.
    struct Tokenized {
        /// Sequences of `context` token ids (the last one of each file padded).
        var sequences: [[Int]] = []
        /// Tokens before the padding, per sequence.
        var realLengths: [Int] = []
        /// Path, token count and SHA-256 of each input file.
        var inputs: [[String: Any]] = []
        /// The BOS id put at position 0, when the tokeniser adds one.
        var bos: Int?
    }

    /// Sequences: BOS (when the tokeniser adds one) + the next tokens of each file; last one padded.
    func tokenize(_ tokenizer: Tokenizer) throws -> Tokenized {
        var result = Tokenized(bos: tokenizer.addsBOS ? tokenizer.bosTokenID.map(Int.init) : nil)
        let pad = Int(tokenizer.eosTokenID ?? 0)
        for file in text {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RuntimeCommandError(path: file, message: "cannot read the file")
            }
            guard let content = String(data: data, encoding: .utf8) else {
                throw RuntimeCommandError(path: file, message: "not UTF-8 text")
            }
            let ids = tokenizer.encode(content, addBOS: false, parseSpecial: false).map(Int.init)
            let body = context - (result.bos == nil ? 0 : 1)
            var start = 0
            while start < ids.count {
                var sequence = (result.bos.map { [$0] } ?? []) + ids[start..<min(ids.count, start + body)]
                result.realLengths.append(sequence.count)
                sequence += Array(repeating: pad, count: context - sequence.count)
                result.sequences.append(sequence)
                start += body
            }
            result.inputs.append([
                "path": file, "tokens": ids.count,
                "sha256": data.withUnsafeBytes { SHA256.hex(of: $0) },
            ])
        }
        guard !result.sequences.isEmpty else {
            throw RuntimeCommandError(path: text[0], message: "no tokens to capture")
        }
        return result
    }

    /// Runs the sequences through the model in batches, writing one `<hook>.npy` per hook; returns their SHA-256s.
    func capture(_ sequences: [[Int]], model: Transformer, points: [TransformerHook], printer: ProgressPrinter)
        throws -> [String: String]
    {
        let folder = URL(fileURLWithPath: out)
        let element: NpyWriter.Element = dtype == .f16 ? .float16 : .float32
        var writers: [TransformerHook: NpyWriter] = [:]
        for point in points {
            writers[point] = try NpyWriter(
                path: folder.appendingPathComponent("\(point.name).npy").path, element: element,
                shape: [sequences.count, context, model.width(of: point)])
        }
        let started = Date()
        var done = 0
        while done < sequences.count {
            let slice = Array(sequences[done..<min(sequences.count, done + batch)])
            let output: ForwardOutput
            do {
                output = try model.forward(slice, hooks: ForwardHooks(capture: Set(points)), logits: .none)
            } catch let error as TransformerError {
                throw RuntimeCommandError(path: runtime.model, message: error.description)
            }
            for point in points { try writers[point]!.append(output.activations[point]!) }
            done += slice.count
            let elapsed = Date().timeIntervalSince(started)
            printer.progress(
                done: Double(done), total: Double(sequences.count), elapsed: elapsed,
                detail: String(format: "%.0f tokens/s", Double(done * context) / max(elapsed, 1e-9)))
        }
        printer.endProgress()
        var outputs: [String: String] = [:]
        for (point, writer) in writers {
            try writer.close()
            outputs[point.name + ".npy"] = try Self.sha256(of: writer.path)
        }
        return outputs
    }

    /// `capture.json`: model, context, inputs and outputs with SHA-256, BOS and padding positions.
    func writeManifest(_ input: Tokenized, points: [TransformerHook], outputs: [String: String]) throws {
        let manifest: [String: Any] = [
            "model": runtime.model, "context": context, "sequences": input.sequences.count, "dtype": dtype.rawValue,
            "hooks": points.map(\.name), "inputs": input.inputs, "outputs": outputs,
            "bos_at_position_0": input.bos != nil,
            "padding": input.realLengths.enumerated().compactMap { index, length in
                length < context ? ["sequence": index, "from_position": length] : nil
            },
        ]
        let json = try JSONSerialization.data(
            withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (json + Data("\n".utf8)).write(to: URL(fileURLWithPath: out).appendingPathComponent("capture.json"))
    }

    /// SHA-256 of a file, hex.
    static func sha256(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeCommandError(path: path, message: "cannot read back the file")
        }
        return data.withUnsafeBytes { SHA256.hex(of: $0) }
    }
}
