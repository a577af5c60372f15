/// One zip central-directory entry, sizes and offset resolved through ZIP64 extras.
public struct ZipEntry: Sendable, Equatable {
    /// The member's name (`archive/data.pkl`, `W_dec.npy`).
    public var name: String
    /// Compression method (0 STORED, 8 DEFLATE).
    public var method: Int
    /// General-purpose flags (bit 0: encrypted).
    public var flags: Int
    /// CRC-32 of the uncompressed bytes.
    public var crc: UInt32
    /// Bytes stored in the archive.
    public var compressedSize: Int
    /// Bytes after decompression.
    public var uncompressedSize: Int
    /// Offset of the member's local header.
    public var localHeaderOffset: Int
}
