import CZlib

/// Raw DEFLATE decompression (zip method 8) through zlib.
public enum Inflater {
    /// Why inflating failed.
    public enum Failure: Error, Equatable {
        /// zlib reported corrupt or truncated data.
        case corrupt(String)
        /// The stream produced a different number of bytes than the container declared.
        case sizeMismatch(expected: Int, actual: Int)
    }

    /// DEFLATE cannot expand data by more than about 1032:1, so a declared size above this bound is a lie.
    public static func isPlausible(compressedSize: Int, declaredSize: Int) -> Bool {
        declaredSize <= compressedSize.multipliedReportingOverflow(by: 1032).partialValue &+ 1024
    }

    /// Inflates a raw DEFLATE stream that must produce exactly `expectedSize` bytes.
    /// Memory is bounded by `expectedSize` (check it with `isPlausible` first).
    public static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
        // One spare byte detects a stream longer than declared.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 30  // zlib counts in UInt32
        var consumed = 0
        var produced = 0
        try output.withUnsafeMutableBytes { out in
            while true {
                stream.next_in = UnsafeMutablePointer(
                    mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = UInt32(min(input.count - consumed, chunk))
                stream.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(min(out.count - produced, chunk))
                let inBefore = stream.avail_in
                let outBefore = stream.avail_out
                let status = inflate(&stream, Z_NO_FLUSH)
                consumed += Int(inBefore - stream.avail_in)
                produced += Int(outBefore - stream.avail_out)
                if status == Z_STREAM_END { return }
                if produced > expectedSize { throw Failure.sizeMismatch(expected: expectedSize, actual: produced) }
                if status == Z_BUF_ERROR || (inBefore == stream.avail_in && outBefore == stream.avail_out) {
                    throw Failure.corrupt("truncated DEFLATE stream")
                }
                if status != Z_OK {
                    throw Failure.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
                }
            }
        }
        guard produced == expectedSize else { throw Failure.sizeMismatch(expected: expectedSize, actual: produced) }
        output.removeLast()
        return output
    }
}
