/// The evidence tables of the flow database: what text-driven runs measured (issue 15, METHOD §6).
/// Created with the other tables (`CREATE TABLE IF NOT EXISTS`, no version bump): a database written
/// before them simply has none, and readers treat a missing table as "no evidence".
///
/// Every row belongs to an `evidence_run`; pages show the newest run with `complete = 1`, so an
/// interrupted pass never replaces finished evidence. Positions use `Site` raw values (`res`, `mlp`,
/// `att`); `layer` and `feature` mean what they mean in `match`.
///
/// - `evidence_run`: `key` is a SHA-256 over the model, SAE and text checksums and the settings
///   (`parameters`, canonical JSON); `source` is `model`, `acts` or `neuronpedia`; `texts` a JSON list
///   of the text inputs' display names.
/// - `sae_quality`: per SAE, over the run's tokens: fraction of variance explained, mean L0, and the
///   fractions of dead (never active) and dense (active on more than 10 % of tokens) features.
/// - `feature_stats`: per feature: tokens it is active on, mean activation over them, maximum, and an
///   activation histogram `{"edges":[…n+1],"counts":[…n]}` (JSON).
/// - `feature_context`: the top activating contexts, `rank` 1 = highest: the window's tokens with `focus`
///   the index of the active token. `tokens` is a BLOB of little-endian int32 token ids, decoded through
///   `evidence_vocab` (runs written before 2026-12-05 stored a JSON list of decoded strings instead; the
///   loader reads both). Decoded text is raw — escape when rendering.
/// - `evidence_vocab`: per run, the decoded text of every token id its context windows use.
/// - `activation_group`: for residual targets of layer L, how many (token, active target) events fall
///   into each of the paper's groups, with the top-1 (`predecessors` = 1) or any of the top-5
///   (`predecessors` = 5) predecessors counted as active.
/// - `coactivation`: per residual target and predecessor position (`site`: res → R(L−1), mlp → M(L),
///   att → A(L)): tokens where the target is active, where it and its top-1 predecessor both are, and
///   the same for a seeded random feature of that SAE.
/// - `deactivation`: per layer, mode (`top1`, `top5`, `random5`) and rescaling factor r: sampled
///   events, successes (target no longer active) and the mean activation change 1 − z_new/z_old.
public enum EvidenceSchema {
    /// DDL creating the evidence tables (idempotent).
    public static let ddl = """
        CREATE TABLE IF NOT EXISTS evidence_run(
            id INTEGER PRIMARY KEY, key TEXT NOT NULL, source TEXT NOT NULL, model TEXT,
            texts TEXT NOT NULL, sequences INTEGER NOT NULL, tokens INTEGER NOT NULL,
            context INTEGER NOT NULL, seed INTEGER NOT NULL, parameters TEXT NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS sae_quality(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, site TEXT NOT NULL, tokens INTEGER NOT NULL,
            fve REAL NOT NULL, l0 REAL NOT NULL, dead_fraction REAL NOT NULL, dense_fraction REAL NOT NULL,
            PRIMARY KEY(run, layer, site)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feature_stats(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, site TEXT NOT NULL, feature INTEGER NOT NULL,
            active INTEGER NOT NULL, mean REAL NOT NULL, max REAL NOT NULL, histogram TEXT NOT NULL,
            PRIMARY KEY(run, layer, site, feature)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feature_context(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, site TEXT NOT NULL, feature INTEGER NOT NULL,
            rank INTEGER NOT NULL, activation REAL NOT NULL, sequence INTEGER NOT NULL,
            position INTEGER NOT NULL, tokens TEXT NOT NULL, focus INTEGER NOT NULL,
            PRIMARY KEY(run, layer, site, feature, rank)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS evidence_vocab(
            run INTEGER NOT NULL, id INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY(run, id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS activation_group(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, predecessors INTEGER NOT NULL,
            grp TEXT NOT NULL, events INTEGER NOT NULL,
            PRIMARY KEY(run, layer, predecessors, grp)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS coactivation(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, feature INTEGER NOT NULL, site TEXT NOT NULL,
            predecessor INTEGER NOT NULL, target_active INTEGER NOT NULL, both_active INTEGER NOT NULL,
            random_feature INTEGER NOT NULL, random_both_active INTEGER NOT NULL,
            PRIMARY KEY(run, layer, feature, site)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS deactivation(
            run INTEGER NOT NULL, layer INTEGER NOT NULL, mode TEXT NOT NULL, r REAL NOT NULL,
            samples INTEGER NOT NULL, successes INTEGER NOT NULL, mean_change REAL NOT NULL,
            PRIMARY KEY(run, layer, mode, r)) WITHOUT ROWID;
        """
}
