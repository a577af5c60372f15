/// The naming rules of the site: file names and element ids use only `[A-Za-z0-9._-]`.
public enum SiteNames {
    /// True when `character` may appear in a file name or id.
    public static func isSafe(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return isSafe(byte: ascii)
    }

    /// True when the UTF-8 byte `byte` is one of `[A-Za-z0-9._-]`.
    static func isSafe(byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// `text` made into a safe file name: unsafe characters become `_`, a leading `.` becomes `_`
    /// (no hidden files, no `..`), empty text becomes `_`; e.g. `24/res/14548` → `24_res_14548`.
    public static func fileName(_ text: String) -> String {
        var result = String(text.map { isSafe($0) ? $0 : "_" })
        if result.isEmpty { return "_" }
        if result.hasPrefix(".") { result = "_" + result.dropFirst() }
        return String(result.prefix(200))
    }

    /// `text` made into an element id fragment: like `fileName` but without dots.
    public static func idFragment(_ text: String) -> String {
        String(fileName(text).map { $0 == "." ? "-" : $0 })
    }

    /// True when `name` is already a safe path component (not empty, not `.`/`..`, no hidden files).
    public static func isSafeComponent(_ name: String) -> Bool { isSafeComponent(bytes: name.utf8) }

    /// `isSafeComponent` on UTF-8 bytes (a safe name is ASCII, so bytes and characters count the same).
    static func isSafeComponent<Bytes: Collection<UInt8>>(bytes: Bytes) -> Bool {
        !bytes.isEmpty && bytes.first != UInt8(ascii: ".") && bytes.count <= 255
            && bytes.allSatisfy { isSafe(byte: $0) }
    }
}
