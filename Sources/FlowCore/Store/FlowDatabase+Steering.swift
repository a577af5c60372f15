import Foundation
import SQLiteSupport

extension FlowDatabase {
    /// Whether the steering tables exist (databases from before them, opened read-only, lack them).
    public func hasSteeringTables() throws -> Bool {
        try !sqlite.rows("SELECT 1 FROM sqlite_master WHERE type='table' AND name='steering_run'").isEmpty
    }

    /// Stores `record` and replaces the theme's plans with `plans` (runs are kept: they are keyed by
    /// plan and configuration, so a rerun of the same plans finds them).
    public func recordSteeringTheme(_ record: SteeringThemeRecord, plans: [SteeringPlan]) throws {
        try steeringSQL {
            try sqlite.transaction {
                try sqlite.run(
                    """
                    INSERT OR REPLACE INTO steering_theme(name, slug, direction, theme_json, seeds, held_out,
                        config_key, config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, record.theme.name, record.theme.slug, record.theme.direction.rawValue,
                    CanonicalJSON.string(record.theme), CanonicalJSON.string(record.seeds.map(\.description)),
                    CanonicalJSON.string(record.heldOut.map(\.description)), record.configKey, record.configJSON)
                try sqlite.run("DELETE FROM steering_plan WHERE theme = ?", record.theme.name)
                for plan in plans {
                    let stored = SteeringPlanRecord(theme: record.theme.name, plan: plan)
                    try sqlite.run(
                        """
                        INSERT OR REPLACE INTO steering_plan(theme, plan_key, strategy, operation, strength, layer,
                            plan_json) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, stored.theme, stored.planKey, plan.request.strategy.rawValue,
                        plan.request.operation.rawValue, plan.request.strength, plan.request.layer,
                        CanonicalJSON.string(plan))
                }
            }
        }
    }

    /// Every stored theme, by name; empty when the tables are missing.
    public func steeringThemes() throws -> [SteeringThemeRecord] {
        guard try hasSteeringTables() else { return [] }
        return try steeringSQL {
            try sqlite.rows(
                "SELECT theme_json, seeds, held_out, config_key, config_json FROM steering_theme ORDER BY name"
            ).map { row in
                let decoder = JSONDecoder()
                let theme = try decoder.decode(SteeringTheme.self, from: Data((row[0].string ?? "").utf8))
                let seeds = try decoder.decode([String].self, from: Data((row[1].string ?? "[]").utf8))
                let heldOut = try decoder.decode([String].self, from: Data((row[2].string ?? "[]").utf8))
                return SteeringThemeRecord(
                    theme: theme, seeds: seeds.compactMap(FeatureID.init(parsing:)),
                    heldOut: heldOut.compactMap(FeatureID.init(parsing:)), configKey: row[3].string,
                    configJSON: row[4].string)
            }
        }
    }

    /// The stored plans of `theme`, in sweep order (strategy, layer, strength); empty without tables.
    public func steeringPlans(theme: String) throws -> [SteeringPlanRecord] {
        guard try hasSteeringTables() else { return [] }
        return try steeringSQL {
            try sqlite.rows(
                "SELECT plan_json FROM steering_plan WHERE theme = ? ORDER BY strategy, layer, strength, plan_key",
                theme
            ).map { row in
                let plan = try JSONDecoder().decode(SteeringPlan.self, from: Data((row[0].string ?? "").utf8))
                return SteeringPlanRecord(theme: theme, plan: plan)
            }
        }
    }

    /// Stores a run and its texts (replacing a run with the same key).
    public func recordSteeringRun(_ run: SteeringRunRecord) throws {
        try steeringSQL {
            try sqlite.transaction {
                try sqlite.run("DELETE FROM steering_text WHERE run_key = ?", run.runKey)
                try sqlite.run(
                    """
                    INSERT OR REPLACE INTO steering_run(run_key, config_key, theme, plan_key, coherence, presence,
                        presence_features, presence_keywords, score, tokens, seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, run.runKey, run.configKey, run.theme, run.planKey, run.coherence, run.presence,
                    run.presenceFeatures, run.presenceKeywords, run.score, run.tokens, run.seconds)
                for text in run.texts {
                    try sqlite.run(
                        """
                        INSERT INTO steering_text(run_key, prompt_index, sample, prompt, text, nll,
                            distinct_bigrams, coherence, presence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, run.runKey, text.promptIndex, text.sample, text.prompt, text.text, text.nll,
                        text.distinct, text.coherence, text.presence)
                }
            }
        }
    }

    /// The run stored under `key`, with its texts; nil when there is none (or no tables).
    public func steeringRun(key: String) throws -> SteeringRunRecord? {
        guard try hasSteeringTables() else { return nil }
        return try steeringRuns(where: "run_key = ?", key).first
    }

    /// The runs of `theme` under `configKey` (baseline included), with their texts.
    public func steeringRuns(theme: String, configKey: String) throws -> [SteeringRunRecord] {
        guard try hasSteeringTables() else { return [] }
        return try steeringRuns(where: "theme = ? AND config_key = ?", theme, configKey)
    }

    func steeringRuns(where condition: String, _ values: SQLiteBindable...) throws -> [SteeringRunRecord] {
        try steeringSQL {
            let statement = try sqlite.prepare(
                """
                SELECT run_key, config_key, theme, plan_key, coherence, presence, presence_features,
                    presence_keywords, score, tokens, seconds FROM steering_run WHERE \(condition) ORDER BY run_key
                """)
            try statement.bind(values)
            var runs: [SteeringRunRecord] = []
            while try statement.step() {
                let row = statement.row()
                let key = row[0].string ?? ""
                let texts = try sqlite.rows(
                    """
                    SELECT prompt_index, sample, prompt, text, nll, distinct_bigrams, coherence, presence FROM steering_text
                    WHERE run_key = ? ORDER BY prompt_index, sample
                    """, key
                ).map {
                    SteeringTextRecord(
                        promptIndex: $0[0].int ?? 0, sample: $0[1].int ?? 0, prompt: $0[2].string ?? "",
                        text: $0[3].string ?? "", nll: $0[4].double ?? 0, distinct: $0[5].double ?? 1,
                        coherence: $0[6].double ?? 0, presence: $0[7].double ?? 0)
                }
                runs.append(
                    SteeringRunRecord(
                        runKey: key, configKey: row[1].string ?? "", theme: row[2].string ?? "",
                        planKey: row[3].string ?? "", coherence: row[4].double ?? 0, presence: row[5].double ?? 0,
                        presenceFeatures: row[6].double, presenceKeywords: row[7].double, score: row[8].double ?? 0,
                        tokens: row[9].int ?? 0, seconds: row[10].double ?? 0, texts: texts))
            }
            return runs
        }
    }

    /// Runs `body`, turning SQLite errors into `StoreError`s naming the database.
    func steeringSQL<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw StoreError(path: path, reason: .sqlite(error.reason.text))
        }
    }
}
