/// Where an SAE came from.
public struct SAESource: Sendable, Codable, Hashable {
    /// The SAE's folder or file, as given or discovered.
    public var path: String
    /// The weight files read (for checksums).
    public var weightFiles: [String]
    /// The format the SAE was read as.
    public var format: SAEFormat
    /// Storage dtype of the decoder on disk (`F32`, `BF16`, …).
    public var dtype: String
    /// Neuronpedia model/SAE id (e.g. `gemma-2-2b/24-gemmascope-res-16k`) when known.
    public var neuronpediaID: String?

    /// A source record.
    public init(path: String, weightFiles: [String], format: SAEFormat, dtype: String, neuronpediaID: String? = nil) {
        self.path = path
        self.weightFiles = weightFiles
        self.format = format
        self.dtype = dtype
        self.neuronpediaID = neuronpediaID
    }
}
