import Foundation

/// What discovery gathers while each format finds, chooses and loads its SAEs.
struct DiscoveryContext {
    /// The folder walked.
    let root: String
    /// The user's choices.
    let options: CatalogOptions
    /// SAEs loaded so far.
    var saes: [SAE] = []
    /// Notes that did not stop loading.
    var warnings: [String] = []
    /// Choices that are not problems (the snapshot used, the width).
    var notes: [String] = []
    /// Problems found so far; thrown together at the end.
    var problems: [any LocatedError] = []

    /// Files or folders that could not be used: an unrecognised layout becomes a "skipped" warning, any other
    /// problem is kept. Problems of a folder named after a hook outside the selected layers do not matter.
    mutating func record(_ error: any Error, hookFolder: String?) {
        if let hookFolder, unneeded(hookFolder) { return }
        switch error {
        case let error as WeightError:
            if case .unrecognised = error.reason {
                warnings.append("skipped \(error)")
            } else {
                problems.append(error)
            }
        case let error as any LocatedError:
            problems.append(error)
        default:
            problems.append(WeightError(path: root, .unreadable("\(error)")))
        }
    }

    /// Whether a folder named after a hook (`blocks.9.hook_resid_post`, the SAELens convention) holds an SAE
    /// the selected layers do not need.
    func unneeded(_ folder: String) -> Bool {
        guard options.layers != nil, let hook = HookPoint(hookName: (folder as NSString).lastPathComponent) else {
            return false
        }
        return !options.needs(layer: hook.layer, hookSite: hook.hookSite)
    }
}
