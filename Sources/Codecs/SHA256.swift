import CCrypto

/// Streaming SHA-256 through OpenSSL's libcrypto (hardware-accelerated where available).
public struct SHA256 {
    private let context: OpaquePointer

    /// Starts an empty digest.
    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Finishes and returns the lower-case hex digest; the value must not be used afterwards.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_MD_CTX_free(context)
        let hex: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in digest { text.append(hex[Int(byte >> 4)]); text.append(hex[Int(byte & 15)]) }
        return text
    }

    /// The hex SHA-256 of a byte buffer.
    public static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        var digest = SHA256()
        digest.update(bytes)
        return digest.finalizeHex()
    }
}
