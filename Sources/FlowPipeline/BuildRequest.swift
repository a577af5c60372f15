import FlowCore
import FlowEvidence

/// Everything a build needs, free of any command-line parsing: `build` fills in all parts, `match`
/// only `matching`, `render` only `site`. `stages` turns the request into its step list.
public struct BuildRequest: Sendable {
    /// The flow database: written by matching, read (and given the analysis) by the site steps.
    public var database: String
    /// Find and match SAEs into the database (nil: use the database as it is).
    public var matching: MatchRequest?
    /// Analyse the database and write the static site (nil: no site).
    public var site: SiteRequest?
    /// Run text (or an activation dump) through the model and SAEs into the database's evidence tables
    /// (nil: no evidence step; the site shows whatever evidence the database already holds).
    public var evidence: EvidenceRequest?

    /// A request.
    public init(
        database: String, matching: MatchRequest? = nil, site: SiteRequest? = nil, evidence: EvidenceRequest? = nil
    ) {
        self.database = database
        self.matching = matching
        self.site = site
        self.evidence = evidence
    }
}
