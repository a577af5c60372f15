import Foundation

/// A JSON config file (cfg.json, hyperparams.json, config.json) read as a dictionary with typed accessors.
struct JSONConfig {
    /// The file.
    let path: String
    /// The top-level object.
    let values: [String: Any]

    /// Reads and parses `path`; errors name the file.
    init(path: String) throws {
        self.path = path
        guard let data = MappedFile.contents(atPath: path).map({ Data($0) }) else {
            throw WeightError(path: path, .unreadable("file not found or not readable"))
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw WeightError(path: path, .malformedHeader("not valid JSON"))
        }
        guard let object = json as? [String: Any] else {
            throw WeightError(path: path, .malformedHeader("not a JSON object"))
        }
        values = object
    }

    /// A config over an already parsed object (e.g. a nested `metadata`).
    init(path: String, values: [String: Any]) {
        self.path = path
        self.values = values
    }

    func string(_ key: String) -> String? { values[key] as? String }

    func int(_ key: String) -> Int? {
        if let value = values[key] as? Int { return value }
        if let value = values[key] as? Double { return Int(exactly: value) }
        return nil
    }

    func double(_ key: String) -> Double? {
        if let value = values[key] as? Double { return value }
        if let value = values[key] as? Int { return Double(value) }
        return nil
    }

    func bool(_ key: String) -> Bool? { values[key] as? Bool }

    func object(_ key: String) -> JSONConfig? {
        (values[key] as? [String: Any]).map { JSONConfig(path: path, values: $0) }
    }

    /// A required positive integer.
    func requireInt(_ key: String) throws -> Int {
        guard let value = int(key), value > 0 else {
            throw WeightError(path: path, .badConfig("'\(key)' is missing or not a positive integer"))
        }
        return value
    }

    /// `d_sae` from a width times an expansion factor, refusing products that overflow.
    func product(_ width: Int, _ widthKey: String, _ factor: Int, _ factorKey: String) throws -> Int {
        let (value, overflow) = width.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw WeightError(path: path, .badConfig("'\(widthKey)' × '\(factorKey)' overflows")) }
        return value
    }

    /// A required string.
    func requireString(_ key: String) throws -> String {
        guard let value = string(key) else {
            throw WeightError(path: path, .badConfig("'\(key)' is missing or not a string"))
        }
        return value
    }
}
