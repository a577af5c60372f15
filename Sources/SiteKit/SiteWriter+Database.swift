import Foundation

extension SiteWriter {
    /// Checks the target (as `resolvedTarget()`) and that the flow database at `database` does not lie inside it:
    /// the site folder is replaced as a whole, so a database inside it would be deleted with the previous site (and
    /// a live SQLite file would be copied half-written into the next one). Returns the resolved target.
    public func resolvedTarget(keepingOutside database: String) throws -> String {
        let target = try resolvedTarget()
        let absolute = Self.absolute(database)
        // Resolve symbolic links through the nearest existing folder, so `link/flow.sqlite` is judged by where it lands.
        var existing = absolute
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing), existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = rest.reduce(Self.realPath(existing)) { ($0 as NSString).appendingPathComponent($1) }
        let folders = Set([target, Self.realPath(target)])
        for candidate in Set([absolute, real])
        where folders.contains(where: { candidate == $0 || candidate.hasPrefix($0 + "/") }) {
            throw SiteError(
                path: database,
                message:
                    "refusing to write the site to \(target): the flow database lies inside it, and the folder is replaced as a whole, so the database would be deleted with the previous site; keep the database outside the site folder (build's default is <out>.sqlite beside it)",
                reason: .refusedDatabaseInside)
        }
        return target
    }
}
