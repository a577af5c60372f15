/// One SAE listed in a `featureflow.yaml` manifest, as a format reader needs it (docs/manifest.md).
struct ManifestEntry: Sendable {
    /// The SAE's folder or file, resolved against the manifest's folder.
    var path: String
    /// The layer the entry states.
    var layer: Int
    /// The site the entry states.
    var hookSite: HookSite
    /// The entry's `hook:` when given.
    var hookName: String?
    /// The position; `needsProjection` when `hook:` names `attn.hook_z`.
    var hook: HookPoint
}
