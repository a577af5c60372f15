/// A value that writes its own compact canonical JSON (`CanonicalJSONBuffer`), byte for byte what its `Encodable`
/// conformance gives through `CanonicalJSON`. `CanonicalJSON.data(_:)` uses it when a value has it.
public protocol CanonicalJSONWritable {
    /// Writes this value's JSON.
    func writeJSON(to buffer: inout CanonicalJSONBuffer)
}
