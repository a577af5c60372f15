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
    /// Memory is bounded by `expectedSize` (check it with `isPlausible` first) and grows with the bytes
    /// actually produced, so a member that lies about its size costs nothing before the lie shows.
    public static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
        // One spare byte detects a stream longer than declared.
        let capacity = expectedSize + 1
        var output = [UInt8](repeating: 0, count: min(capacity, 1 << 20))
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 30  // zlib counts in UInt32
        var consumed = 0
        var produced = 0
        while true {
            if produced == output.count && output.count < capacity {
                output.append(contentsOf: repeatElement(0, count: min(output.count, capacity - output.count)))
            }
            let (status, inBefore, outBefore, inAfter, outAfter) = output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(
                    mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = UInt32(min(input.count - consumed, chunk))
                stream.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(min(out.count - produced, chunk))
                let inBefore = stream.avail_in
                let outBefore = stream.avail_out
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, inBefore, outBefore, stream.avail_in, stream.avail_out)
            }
            consumed += Int(inBefore - inAfter)
            produced += Int(outBefore - outAfter)
            if status == Z_STREAM_END { break }
            if produced > expectedSize { throw Failure.sizeMismatch(expected: expectedSize, actual: produced) }
            if status == Z_BUF_ERROR || (inBefore == inAfter && outBefore == outAfter) {
                throw Failure.corrupt("truncated DEFLATE stream")
            }
            if status != Z_OK {
                throw Failure.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
            }
        }
        guard produced == expectedSize else { throw Failure.sizeMismatch(expected: expectedSize, actual: produced) }
        output.removeLast(output.count - produced)
        return output
    }
}
