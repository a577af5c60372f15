import FlowCore
import SiteKit

/// Paths of pages and data files inside the site; every URL is built from ids, never from labels.
public enum SiteLinks {
    /// `features/<L>-<site>-<i>.html`.
    public static func featurePage(_ id: FeatureID) -> String { "features/" + featureFile(id) }
    /// `<L>-<site>-<i>.html`, the page's name inside `features/`.
    public static func featureFile(_ id: FeatureID) -> String { "\(id.slug).html" }
    /// `layers/<L>.html`.
    public static func layerPage(_ layer: Int) -> String { "layers/\(layer).html" }
    /// `features/<L>-<site>-<i>.svg`: the full flow graph of a feature whose page draws a window of it.
    public static func featureGraph(_ id: FeatureID) -> String { "features/\(id.slug).svg" }
    /// `data/features/<L>-<site>-<i>.json`.
    public static func featureJSON(_ id: FeatureID) -> String { "data/features/\(id.slug).json" }
    /// `data/features/<L>-<site>-<i>.csv`.
    public static func featureCSV(_ id: FeatureID) -> String { "data/features/\(id.slug).csv" }
    /// `data/layers/<L>.csv`: one row per residual feature of the layer.
    public static func layerCSV(_ layer: Int) -> String { "data/layers/\(layer).csv" }
    /// The flow database copied into the site.
    public static let database = "data/flow.sqlite"
}
