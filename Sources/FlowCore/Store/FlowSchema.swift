/// The flow database layout (SQLite). Version bumps whenever a table changes shape.
///
/// - `meta(key, value)`: `schema_version`, `tool_version`.
/// - `sae`: one row per loaded SAE (layer × site): where it came from, its shape, its checksum,
///   and per-feature JumpReLU thresholds θ as a little-endian F32 blob (NULL when it has none).
///   `decoder_norms` (added within version 3; `FlowDatabase` adds the column to older files when it
///   opens them for writing): per-feature L2 norm of the raw decoder row, little-endian F32 (NULL
///   when unknown, e.g. a database written before the column existed).
/// - `match`: for residual feature `feature` on R_`layer`, the `rank`-th best `candidate` among the
///   features of `site` in `direction`: (`res`, `backward`) = R_{L-1}; (`mlp`, `backward`) = M_L;
///   (`att`, `backward`) = A_L; (`res`, `forward`) = R_{L+1}. Ranks are 1…k, best first.
/// - `layer_state`: what produced each layer's matches (input checksums, parameters, mode), so an
///   unchanged layer is reused on a rerun.
/// - `run`: one row per invocation: parameters, tool version, timings and warnings as JSON, and for an
///   approximate run its self-audit (`MatchAudit` JSON, NULL otherwise; a column added to version 3
///   databases when they are opened for writing, so older files stay readable).
/// - `feature`: written by the analysis: top-1 scores and predecessors, origin class, and the
///   lifespan (birth and end layer) of the chain through each residual feature.
/// - `analysis`: the parameters the `feature` rows were computed with (thresholds per layer, JSON).
/// - `file_checksum` (since version 2): SHA-256 of weight files keyed by (path, size, mtime), so a
///   rerun does not rehash gigabytes of unchanged files.
public enum FlowSchema {
    /// Current schema version (2: adds `file_checksum`).
    public static let version = 3

    /// DDL creating every table (idempotent).
    public static let ddl = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sae(
            layer INTEGER NOT NULL, site TEXT NOT NULL,
            path TEXT NOT NULL, format TEXT NOT NULL, hook_name TEXT NOT NULL,
            d_in INTEGER NOT NULL, d_sae INTEGER NOT NULL, dtype TEXT NOT NULL, architecture TEXT NOT NULL,
            sha256 TEXT NOT NULL, neuronpedia_id TEXT, projected INTEGER NOT NULL DEFAULT 0,
            thresholds BLOB, decoder_norms BLOB,
            PRIMARY KEY(layer, site));
        CREATE TABLE IF NOT EXISTS match(
            layer INTEGER NOT NULL, feature INTEGER NOT NULL, site TEXT NOT NULL, direction TEXT NOT NULL,
            rank INTEGER NOT NULL, candidate INTEGER NOT NULL, cosine REAL NOT NULL,
            PRIMARY KEY(layer, feature, site, direction, rank)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS layer_state(
            layer INTEGER PRIMARY KEY, inputs TEXT NOT NULL, parameters TEXT NOT NULL,
            mode TEXT NOT NULL, seconds REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS run(
            id INTEGER PRIMARY KEY, tool_version TEXT NOT NULL, parameters TEXT NOT NULL,
            timings TEXT NOT NULL, warnings TEXT NOT NULL, audit TEXT);
        CREATE TABLE IF NOT EXISTS feature(
            layer INTEGER NOT NULL, feature INTEGER NOT NULL,
            s_res REAL, s_mlp REAL, s_att REAL,
            p_res INTEGER, p_mlp INTEGER, p_att INTEGER,
            class TEXT NOT NULL, birth INTEGER NOT NULL, end_layer INTEGER NOT NULL,
            PRIMARY KEY(layer, feature)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS analysis(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS file_checksum(
            path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, sha256 TEXT NOT NULL);
        """

    /// Columns added to existing tables without a version bump (nullable, so older readers that
    /// name their columns keep working): (table, column, type).
    public static let addedColumns = [("sae", "decoder_norms", "BLOB"), ("run", "audit", "TEXT")]
}
