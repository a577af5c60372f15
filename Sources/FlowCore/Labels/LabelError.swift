/// A problem in a labels file, with the line it is on.
public struct LabelError: LocatedError, Equatable {
    public enum Reason: Equatable {
        case unreadable(String)
        case notJSON
        case missingField(String)
        case badIndex(String)
        case unknownSource(String)
        case badCSVRow(String)
        case tooLarge(limit: Int)
    }

    public var path: String?
    public var line: Int?
    public var reason: Reason

    public var message: String {
        switch reason {
        case .unreadable(let why): return "cannot read labels: \(why)"
        case .notJSON: return "not a JSON object (expected one Neuronpedia explanation per line)"
        case .missingField(let field): return "missing field `\(field)`"
        case .badIndex(let value): return "feature index `\(value)` is not a non-negative integer"
        case .unknownSource(let source):
            return "cannot tell layer and site from source `\(source)` (expected e.g. `24-gemmascope-res-16k`)"
        case .badCSVRow(let why): return "bad CSV row: \(why) (expected layer,site,index,label)"
        case .tooLarge(let limit): return "labels file larger than \(limit) bytes after decompression"
        }
    }
}
