import Foundation
import Testing

@testable import ModelRuntime

/// A batch of next tokens over one shared prefix (`KeyValueCache.broadcast`) gives what each next token gives
/// after that prefix run alone; a cache of another shape is refused.
@Suite struct KeyValueCacheBroadcastTests {
    @Test(arguments: TransformerFixture.names)
    func broadcastPrefixEqualsSeparateRuns(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let v = model.vocabularySize
        let sequence = fixture.tokens[0]
        let t = 4
        let prefix = KeyValueCache(config: model.config, capacity: t + 1)
        _ = try model.forward([Array(sequence[0..<t])], logits: .none, cache: prefix)
        let next = [sequence[t], sequence[1], sequence[2]]
        let batch = KeyValueCache(config: model.config, sequences: next.count, capacity: t + 1)
        try prefix.broadcast(sequence: 0, into: batch)
        #expect(batch.count == t)
        let together = try model.forward(next.map { [$0] }, logits: .all, cache: batch).logits
        for (s, token) in next.enumerated() {
            let alone = KeyValueCache(config: model.config, capacity: t + 1)
            _ = try model.forward([Array(sequence[0..<t])], logits: .none, cache: alone)
            let expected = try model.forward([[token]], logits: .all, cache: alone).logits
            let error = TransformerFixture.relativeError(Array(together[(s * v)..<((s + 1) * v)]), expected)
            #expect(error <= 1e-5, "\(name) row \(s): \(error)")
        }
        let small = KeyValueCache(config: model.config, sequences: 2, capacity: t - 1)
        #expect(throws: TransformerError.self) { try prefix.broadcast(sequence: 0, into: small) }
        #expect(throws: TransformerError.self) { try prefix.broadcast(sequence: 1, into: batch) }
    }
}
