import CZlib

/// gzip decompression (RFC 1952, concatenated members allowed) with a hard output limit.
public enum Gunzip {
    /// Why gunzip failed.
    public enum Failure: Error, Equatable {
        /// Not gzip data, corrupt, or truncated (zlib's message).
        case corrupt(String)
        /// Output would exceed the caller's limit (a decompression bomb or a file too large).
        case tooLarge(limit: Int)
    }

    /// Decompresses `input`, refusing to produce more than `limit` bytes.
    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        try input.withUnsafeBytes { raw in
            var consumed = 0
            while consumed < raw.count {
                stream.next_in = UnsafeMutablePointer(
                    mutating: raw.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = UInt32(min(raw.count - consumed, 1 << 30))
                let before = stream.avail_in
                var status: Int32 = Z_OK
                repeat {
                    let produced: Int = buffer.withUnsafeMutableBytes { out in
                        stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                        stream.avail_out = UInt32(out.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return out.count - Int(stream.avail_out)
                    }
                    if status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && produced > 0) {
                        throw Failure.corrupt(
                            status == Z_BUF_ERROR
                                ? "truncated gzip stream"
                                : stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
                    }
                    if output.count + produced > limit { throw Failure.tooLarge(limit: limit) }
                    output.append(contentsOf: buffer[0..<produced])
                } while status == Z_OK && (stream.avail_out == 0 || stream.avail_in > 0)
                consumed += Int(before - stream.avail_in)
                if status == Z_STREAM_END {
                    // Another gzip member may follow.
                    inflateReset(&stream)
                } else if consumed >= raw.count {
                    throw Failure.corrupt("truncated gzip stream")
                }
            }
        }
        return output
    }

    /// True when `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}
