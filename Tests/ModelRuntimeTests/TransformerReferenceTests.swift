import Testing

@testable import ModelRuntime

/// The forward pass against the independent NumPy reference (bench/runtime_forward/reference.py).
@Suite struct TransformerReferenceTests {
    @Test(arguments: TransformerFixture.names)
    func logitsAndEveryHookMatchTheReference(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let hooks = TransformerFixture.allHooks(layers: model.config.layerCount)
        let output = try model.forward(fixture.tokens, hooks: ForwardHooks(capture: hooks))
        #expect(TransformerFixture.relativeError(output.logits, fixture.expected["logits"]!) <= 1e-4)
        for point in hooks {
            let expected = try #require(fixture.expected[point.name], "\(point.name) missing from the fixture")
            let got = try #require(output.activations[point])
            let error = TransformerFixture.relativeError(got, expected)
            #expect(error <= 1e-4, "\(name) \(point.name): relative error \(error)")
        }
    }

    @Test(arguments: TransformerFixture.names)
    func cachedWeightsGiveTheSameLogits(name: String) throws {
        let fixture = try TransformerFixture(name)
        let tiled = try Transformer(checkpoint: fixture.checkpoint, tileBytes: 256)
        let cached = try Transformer(checkpoint: fixture.checkpoint, weightCacheBytes: 1 << 30)
        #expect(cached.cachedWeightBytes > 0 && tiled.cachedWeightBytes == 0)
        let a = try tiled.forward(fixture.tokens).logits
        let b = try cached.forward(fixture.tokens).logits
        #expect(TransformerFixture.relativeError(a, fixture.expected["logits"]!) <= 1e-4)
        #expect(TransformerFixture.relativeError(b, fixture.expected["logits"]!) <= 1e-4)
    }

    @Test(arguments: TransformerFixture.names)
    func steeringMatchesTheReference(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let point = try #require(TransformerHook(name: fixture.steerHook))
        var hooks = ForwardHooks()
        hooks.intervene(at: point, .add(fixture.expected["steer.vector"]!))
        let output = try model.forward(fixture.tokens, hooks: hooks)
        #expect(TransformerFixture.relativeError(output.logits, fixture.expected["steer.logits"]!) <= 1e-4)
    }

    @Test(arguments: TransformerFixture.names)
    func lastPositionLogitsAreTheLastRows(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let last = try model.forward(fixture.tokens, logits: .last).logits
        let all = fixture.expected["logits"]!
        let v = model.vocabularySize
        let t = fixture.tokens[0].count
        for s in 0..<fixture.tokens.count {
            let expected = Array(all[((s * t + t - 1) * v)..<((s * t + t) * v)])
            #expect(TransformerFixture.relativeError(Array(last[(s * v)..<((s + 1) * v)]), expected) <= 1e-4)
        }
    }
}
