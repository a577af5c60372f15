import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Swaps two folders in one step with Linux `renameat2(RENAME_EXCHANGE)`, so there is no moment at which either
/// path is missing: a process killed during a site swap leaves either the old site or the new one in place.
enum DirectoryExchange {
    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// `RENAME_EXCHANGE` from `<linux/fs.h>` (not imported into Swift: glibc declares `renameat2` only under
    /// `_GNU_SOURCE`, hence the lookup by name).
    private static let renameExchange: UInt32 = 1 << 1

    private static let renameAt2: RenameAt2? = {
        #if os(Linux)
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
            return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
            return nil
        #endif
    }()

    /// Exchanges the folders at `first` and `second` atomically. Returns false, changing nothing, when the
    /// system or file system cannot (no `renameat2`, `EINVAL`, `ENOSYS`…); the caller then falls back to renames.
    static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
            guard let renameAt2 else { return false }
            return renameAt2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        #else
            return false
        #endif
    }
}
