import ArgumentParser
import CanonicalOutput
import FlowCore
import Foundation
import ModelRuntime
import SteeringRuns

/// `featureflow steer`: baseline and steered generations for a plan or a theme sweep, evaluated and stored.
struct SteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steer",
        abstract: "Generate with and without steering, score coherence and theme presence, store the runs.",
        discussion: """
            --themes runs every theme of the file (docs/steering.md): token seeds are resolved against the \
            model's unembedding, the union of the seeds' flow graphs is planned for single-layer, cumulative \
            and initial-only steering over --strengths (s to promote, r to suppress) and --sweep-layers, and \
            each plan generates --samples texts per prompt with the same seeds as the unsteered baseline. \
            Coherence C is the unsteered model's perplexity of the text against the baseline's; presence B \
            reads held-out graph features on a clean pass (and the theme's keywords); the score is B×C to \
            promote, (1−B)×C to suppress. Runs are stored in --db keyed by model, SAEs, prompts, sampling \
            and plan; a rerun reuses them. --plan runs one plan JSON instead.
            """)

    @OptionGroup var runtime: RuntimeModelOptions

    @Argument(help: "The SAEs the plans name (the folder `featureflow match` read).")
    var saeDirectory: String

    @Option(help: "The flow database (needed for --themes; stores and reuses runs).")
    var db: String?

    @Option(help: "One plan JSON (from steer-plan) to run instead of a theme sweep.")
    var plan: String?

    @Option(help: "A theme file (docs/steering.md).")
    var themes: String?

    @Option(help: "Prompts, one per line (themes with their own prompt use it instead).")
    var prompts: String

    @Option(help: "Samples per prompt.")
    var samples: Int = 1

    @Option(name: .customLong("max-new"), help: "Most tokens per sample.")
    var maxNew: Int = 32

    @Option(help: "0 is greedy.")
    var temperature: Float = 0

    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass.")
    var topP: Float = 1

    @Option(help: "Seed of sample j is seed + j (the same for baseline and steered texts).")
    var seed: UInt64 = 0

    @Flag(help: "Wrap prompts in the chat template.")
    var chat = false

    @Option(
        name: .customLong("strengths"),
        help: ArgumentHelp(
            "Sweep strengths, comma-separated: s (add) for promoted themes, r (rescale) for suppressed ones.",
            discussion:
                "Default 4,8,16 to promote, 0,-2,-4 to suppress; write --strengths=-2,-4 when the first is negative."
        ))
    var strengthList: String?

    /// The parsed `--strengths` (empty: the defaults).
    var strengths: [Float] {
        (strengthList ?? "").split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
    }

    @Option(parsing: .upToNextOption, help: "Sweep layers l (default: up to three from the seeds' spans).")
    var sweepLayers: [Int] = []

    @Option(parsing: .upToNextOption, help: "Strategies to compare (default: single-layer cumulative initial-only).")
    var strategies: [SteeringRequest.Strategy] = []

    @Option(help: "l in e^{αl}: absolute or span-start.")
    var layerOrigin: SteeringRequest.LayerOrigin = .absolute

    @Option(help: "With --plan: promote or suppress (how the plan's texts are scored).")
    var direction: SteeringTheme.Direction = .promote

    @Option(parsing: .upToNextOption, help: "With --plan: keywords of the theme.")
    var keywords: [String] = []

    @OptionGroup var analysisOptions: AnalysisOptions

    func validate() throws {
        if (plan == nil) == (themes == nil) { throw ValidationError("Give exactly one of --plan and --themes.") }
        if themes != nil && db == nil { throw ValidationError("--themes needs --db (the flow graphs).") }
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
        if maxNew < 1 { throw ValidationError("--max-new must be at least 1.") }
        if !(temperature >= 0) || !temperature.isFinite { throw ValidationError("--temperature must be 0 or more.") }
        if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1].") }
        if let strengthList {
            let parts = strengthList.split(separator: ",")
            if parts.isEmpty || parts.count != strengths.count || strengths.contains(where: { !$0.isFinite }) {
                throw ValidationError("--strengths must be finite numbers separated by commas, e.g. 0,-2,-4.")
            }
        }
    }

    /// One theme to run: its seeds, its plans and the features held out of them.
    struct Job {
        var theme: SteeringTheme
        var seeds: [FeatureID]
        var plans: [SteeringPlan]
        var heldOut: [FeatureID]
    }

    func run() throws {
        let promptLines = try Self.readPrompts(prompts)
        let saes = try SAECatalog.load(path: saeDirectory)
        let checkpoint: any CheckpointTensors
        do { checkpoint = try ModelCheckpoint.open(path: runtime.model) } catch let error as TransformerError {
            throw RuntimeCommandError(path: runtime.model, message: error.description)
        }
        let (model, tokenizer) = try runtime.load()
        let store = try db.map { try FlowDatabase(path: $0, mustExist: true) }
        let keys = (
            model: try Self.modelChecksum(runtime.model, store: store), saes: try Self.saesChecksum(saes, store: store)
        )
        var runner = SteeringRunner(model: model, tokenizer: tokenizer, saes: saes, store: store)
        let quiet = runtime.quiet
        runner.log = { line in if !quiet { FeatureFlowCommand.printError(line) } }
        let start = Date()
        var jobs: [Job] = []
        if let plan {
            jobs.append(try planJob(plan))
        } else if let themes, let db {
            let resolver = TokenSeedResolver(
                checkpoint: checkpoint, tokenizer: tokenizer, saes: saes, modelPath: runtime.model)
            jobs = try themeJobs(themes, database: db, resolver: resolver)
        }
        var summary: [String] = []
        for job in jobs {
            let config = SteeringConfig(
                model: keys.model, saes: keys.saes, prompts: job.theme.prompt.map { [$0] } ?? promptLines, chat: chat,
                samples: samples, maxNew: maxNew, temperature: temperature, topP: topP, seed: seed,
                direction: job.theme.direction, keywords: job.theme.keywords ?? [], heldOut: job.heldOut)
            summary += try run(job, config: config, runner: &runner, store: store)
        }
        print(summary.joined(separator: "\n"))
        if !quiet { FeatureFlowCommand.printError(String(format: "steer: %.1f s", Date().timeIntervalSince(start))) }
    }

    /// The job of a `--plan` file (steer-plan's output); held-out features only when there is a database.
    func planJob(_ plan: String) throws -> Job {
        guard let data = FileManager.default.contents(atPath: plan),
            let decoded = try? JSONDecoder().decode(SteeringPlan.self, from: data)
        else { throw RuntimeCommandError(path: plan, message: "not a steering plan JSON (steer-plan's output)") }
        let theme = SteeringTheme(
            name: decoded.theme ?? URL(fileURLWithPath: plan).deletingPathExtension().lastPathComponent,
            seeds: (decoded.seeds ?? [decoded.request.seed]).map { .feature($0) }, keywords: keywords,
            direction: direction)
        var heldOut: [FeatureID] = []
        if let db {
            let (analysisStore, analysis) = try analysisOptions.analyse(database: db)
            let planner = try Self.planner(analysisStore, analysis)
            heldOut = SteeringSweep.heldOut(planner: planner, seeds: theme.featureSeeds, plans: [decoded])
        }
        return Job(theme: theme, seeds: theme.featureSeeds, plans: [decoded], heldOut: heldOut)
    }

    /// One job per theme of the `--themes` file: seeds resolved, the sweep's plans, held-out features.
    func themeJobs(_ themes: String, database: String, resolver: TokenSeedResolver) throws -> [Job] {
        let (analysisStore, analysis) = try analysisOptions.analyse(database: database)
        let planner = try Self.planner(analysisStore, analysis)
        var jobs: [Job] = []
        for theme in try SteeringThemeFile.load(path: themes) {
            var seeds: [FeatureID] = []
            for seed in theme.seeds {
                let id = try resolver.resolve(seed)
                if case .token = seed, !runtime.quiet {
                    FeatureFlowCommand.printError("\(theme.name): \(seed) → \(id)")
                }
                if !seeds.contains(id) { seeds.append(id) }
            }
            let sweep = SteeringSweep(
                strengths: strengths.isEmpty ? SteeringSweep.defaultStrengths(theme.direction) : strengths,
                layers: sweepLayers.isEmpty ? nil : sweepLayers,
                strategies: strategies.isEmpty ? [.singleLayer, .cumulative, .initialOnly] : strategies,
                layerOrigin: layerOrigin)
            let plans = sweep.plans(planner: planner, seeds: seeds, theme: theme.name, direction: theme.direction)
            guard !plans.isEmpty else {
                throw RuntimeCommandError(
                    path: themes, message: "theme \"\(theme.name)\": no layer of the sweep is in a seed's span")
            }
            let heldOut = SteeringSweep.heldOut(planner: planner, seeds: seeds, plans: plans)
            jobs.append(Job(theme: theme, seeds: seeds, plans: plans, heldOut: heldOut))
        }
        return jobs
    }

    /// Runs one job (recording its theme and plans when there is a database); its summary lines.
    func run(_ job: Job, config: SteeringConfig, runner: inout SteeringRunner, store: FlowDatabase?) throws -> [String]
    {
        if !runtime.quiet {
            FeatureFlowCommand.printError(
                "theme \(job.theme.name) (\(job.theme.direction.rawValue)): seeds \(job.seeds.map(\.description).joined(separator: " ")), \(job.plans.count) plans, \(job.heldOut.count) held-out features"
            )
        }
        if let store {
            try store.recordSteeringTheme(
                SteeringThemeRecord(
                    theme: job.theme, seeds: job.seeds, heldOut: job.heldOut, configKey: config.key,
                    configJSON: CanonicalJSON.string(config)), plans: job.plans)
        }
        let runs: [SteeringRunRecord]
        do {
            runs = try runner.run(theme: job.theme, plans: job.plans, config: config)
        } catch let error as TransformerError {
            throw RuntimeCommandError(path: runtime.model, message: error.description)
        }
        return SteeringSummary.lines(theme: job.theme, plans: job.plans, runs: runs)
    }

    static func planner(_ store: FlowDatabase, _ analysis: FlowAnalysis) throws -> SteeringPlanner {
        SteeringPlanner(
            graphs: analysis.graphs, thresholds: try store.thresholds(), hooks: try store.hookNames(),
            decoderNorms: try store.decoderNorms())
    }

    /// Non-empty lines of the prompts file.
    static func readPrompts(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw RuntimeCommandError(path: path, message: "cannot read the prompts (UTF-8 text, one per line)") }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard !lines.isEmpty else { throw RuntimeCommandError(path: path, message: "no prompt in the file") }
        return lines
    }

    /// SHA-256 of the model file (cached in the database when there is one), or of a folder's files.
    static func modelChecksum(_ path: String, store: FlowDatabase?) throws -> String {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let files =
            isFolder.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().filter {
                $0.hasSuffix(".json") || $0.hasSuffix(".safetensors")
            }.map { path + "/" + $0 } : [path]
        var lines = ""
        for file in files {
            let sha = try store?.checksum(ofFile: file) ?? "\(file) \(Self.size(file))"
            lines += "\(URL(fileURLWithPath: file).lastPathComponent) \(sha)\n"
        }
        return SteeringPlanRecord.hash(Array(lines.utf8))
    }

    /// SHA-256 over the SAEs' checksums (layer, site, checksum per line).
    static func saesChecksum(_ saes: SAECatalog, store: FlowDatabase?) throws -> String {
        var lines = ""
        for sae in saes.saes.sorted(by: { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) }) {
            let sha =
                try store?.checksum(of: sae) ?? "\(sae.source.path) \(Self.size(sae.source.weightFiles.first ?? ""))"
            lines += "\(sae.layer)/\(sae.hookSite.rawValue) \(sha)\n"
        }
        return SteeringPlanRecord.hash(Array(lines.utf8))
    }

    static func size(_ file: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? -1
    }
}

extension SteeringTheme.Direction: ExpressibleByArgument {}
