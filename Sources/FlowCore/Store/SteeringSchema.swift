/// The steering tables of the flow database (docs/steering.md), created beside `FlowSchema`'s. Readers
/// must not assume them: a database written before them, or opened read-only, may lack every one.
///
/// - `steering_theme`: one row per theme name: the theme as given (JSON), its resolved seeds and the
///   held-out features evaluation reads, and `config_key`, the model/SAEs/prompts/sampling key of its
///   latest `steer` run (NULL when only plans were recorded).
/// - `steering_plan`: the plans of a theme's sweep, keyed by the SHA-256 of the plan's canonical JSON.
/// - `steering_run`: one row per (config, plan) — the baseline has plan_key `baseline` — with the mean
///   coherence C, presence B (and its feature and keyword parts) and combined score.
/// - `steering_text`: every generated text of a run, per prompt and sample, with its own C and B.
public enum SteeringSchema {
    /// DDL creating the steering tables (idempotent).
    public static let ddl = """
        CREATE TABLE IF NOT EXISTS steering_theme(
            name TEXT PRIMARY KEY, slug TEXT NOT NULL, direction TEXT NOT NULL, theme_json TEXT NOT NULL,
            seeds TEXT NOT NULL, held_out TEXT NOT NULL, config_key TEXT, config_json TEXT);
        CREATE TABLE IF NOT EXISTS steering_plan(
            theme TEXT NOT NULL, plan_key TEXT NOT NULL, strategy TEXT NOT NULL, operation TEXT NOT NULL,
            strength REAL NOT NULL, layer INTEGER, plan_json TEXT NOT NULL, PRIMARY KEY(theme, plan_key));
        CREATE TABLE IF NOT EXISTS steering_run(
            run_key TEXT PRIMARY KEY, config_key TEXT NOT NULL, theme TEXT NOT NULL, plan_key TEXT NOT NULL,
            coherence REAL NOT NULL, presence REAL NOT NULL, presence_features REAL, presence_keywords REAL,
            score REAL NOT NULL, tokens INTEGER NOT NULL, seconds REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS steering_text(
            run_key TEXT NOT NULL, prompt_index INTEGER NOT NULL, sample INTEGER NOT NULL, prompt TEXT NOT NULL,
            text TEXT NOT NULL, nll REAL NOT NULL, distinct_bigrams REAL NOT NULL, coherence REAL NOT NULL, presence REAL NOT NULL,
            PRIMARY KEY(run_key, prompt_index, sample));
        """
}
