import SiteKit

/// The template model of the Evidence page (`evidence.mustache`).
struct EvidencePageModel: Codable {
    /// The group bars of one predecessor count.
    struct GroupChart: Codable {
        /// The chart's title.
        var title: String
        /// The chart (SVG).
        var svg: HTMLFragment
    }

    /// The deactivation table in the paper's Table 1 form.
    struct Deactivation: Codable {
        /// A layer column.
        struct Layer: Codable {
            /// The layer.
            var layer: Int
        }

        /// One removal mode's row.
        struct Row: Codable {
            /// The mode (top1, top5, random5).
            var mode: String
            /// Its cells, one per layer column and the pooled one.
            var cells: [Cell]
        }

        /// One cell: success rate, mean change and samples.
        struct Cell: Codable {
            var success: String
            var change: String
            var samples: String
        }

        /// The layer columns.
        var layers: [Layer]
        /// The rows.
        var rows: [Row]
        /// Samples per column.
        var sampleCounts: [String]
    }

    /// Where the text came from, and the model.
    var source: String
    var model: String
    var hasModel: Bool
    /// The text sources, sequences and tokens.
    var texts: String
    var sequences: String
    var tokens: String
    /// Context length, seed and parameters of the run.
    var context: Int
    var seed: Int
    var parameters: String
    /// SAE quality.
    var quality: [EvidenceSummary.Quality]
    var qualityWarnings: [String]
    /// The groups' legend, table and charts.
    var legend: [EvidenceSummary.LegendItem]
    var groupRows: [EvidenceSummary.GroupRow]
    var hasGroups: Bool
    var groupCharts: [GroupChart]?
    /// The deactivation table and the r sweep.
    var deactivation: Deactivation?
    var sweep: HTMLFragment?
}
