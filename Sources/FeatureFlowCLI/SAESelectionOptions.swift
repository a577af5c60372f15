import ArgumentParser
import FlowCore

/// Which SAE variant, width, snapshot and layout to read (Gemma Scope and Hugging Face caches):
/// the options `inspect`, `match` and `build` share.
struct SAESelectionOptions: ParsableArguments {
    @Option(name: .customLong("l0"), help: "Gemma Scope: pick the average_l0 variant nearest to this value.")
    var l0: Int?

    @Option(name: .customLong("width"), help: "Gemma Scope: width label to use when several are present (16k, 65k…).")
    var width: String?

    @Option(
        name: .long,
        help: "Hugging Face cache: the revision to read (a ref such as main, or a snapshot hash); default refs/main.")
    var revision: String?

    @Option(
        name: .long,
        help: "gemma-scope: also read params.npz files outside a gemma-scope-… folder (a --local-dir download).")
    var format: String?

    func validate() throws {
        if let format, format != SAEFormat.gemmaScope.rawValue {
            throw ValidationError("--format takes gemma-scope (other formats are recognised by their files)")
        }
    }

    /// The catalog options these choices give, for `layers` when only some are wanted.
    func catalogOptions(layers: ClosedRange<Int>? = nil) -> CatalogOptions {
        CatalogOptions(
            gemmaScopeL0: l0.map { .nearest($0) } ?? .canonical, gemmaScopeWidth: width, revision: revision,
            layers: layers, format: format.flatMap(SAEFormat.init(rawValue:)))
    }
}
