/// A format whose SAE is one folder, marked by a file (`cfg.json`, `hyperparams.json`) and, when several
/// formats share that marker, told apart by the weights file beside it. Detection, discovery and the
/// hook-named folder rule come with the protocol; a conforming type only names the files and loads.
protocol FolderSAEFormat: SAEFormatReader where Candidate == String {
    /// The file that marks a folder of this format (`cfg.json`).
    var marker: String { get }
    /// The weights file the folder must hold too, or nil when the marker alone decides.
    var weightsFile: String? { get }
}

extension FolderSAEFormat {
    func detect(path: String) -> Bool { fileExists(path + "/" + (weightsFile ?? marker)) }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> String? {
        guard file.name == marker else { return nil }
        return weightsFile.map { fileExists(file.folder + "/" + $0) } ?? true ? file.folder : nil
    }

    func hookFolder(of folder: String) -> String? { folder }
}
