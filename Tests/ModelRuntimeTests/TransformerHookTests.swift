import Testing

@testable import ModelRuntime

/// Hook points: names, the residual identity, and interventions.
@Suite struct TransformerHookTests {
    @Test func namesRoundTrip() {
        for point in TransformerFixture.allHooks(layers: 3) {
            #expect(TransformerHook(name: point.name) == point)
        }
        #expect(TransformerHook(name: "blocks.12.attn.hook_z") == .attnZ(12))
        #expect(TransformerHook(name: "blocks.x.hook_resid_pre") == nil)
        #expect(TransformerHook(name: "blocks.01.hook_resid_pre") == nil)
        #expect(TransformerHook(name: "blocks.1.hook_resid_mid") == nil)
        #expect(TransformerHook(name: "hook_embed.") == nil)
    }

    @Test(arguments: TransformerFixture.names)
    func residPostIsResidPrePlusAttentionAndMLP(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let output = try model.forward(
            fixture.tokens, hooks: ForwardHooks(capture: TransformerFixture.allHooks(layers: model.config.layerCount)))
        for l in 0..<model.config.layerCount {
            let pre = output.activations[.residPre(l)]!
            let attn = output.activations[.attnOut(l)]!
            let mlp = output.activations[.mlpOut(l)]!
            let sum = (0..<pre.count).map { pre[$0] + attn[$0] + mlp[$0] }
            #expect(TransformerFixture.relativeError(output.activations[.residPost(l)]!, sum) <= 1e-6)
            if l > 0 { #expect(output.activations[.residPre(l)]! == output.activations[.residPost(l - 1)]!) }
        }
        #expect(output.activations[.embed]! == output.activations[.residPre(0)]!)
    }

    @Test(arguments: TransformerFixture.names)
    func readingHooksLeavesLogitsUnchanged(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let plain = try model.forward(fixture.tokens)
        let hooked = try model.forward(
            fixture.tokens, hooks: ForwardHooks(capture: TransformerFixture.allHooks(layers: model.config.layerCount)))
        #expect(plain.logits == hooked.logits)
        #expect(plain.activations.isEmpty)
    }

    @Test(arguments: TransformerFixture.names)
    func addShiftsTheHookByExactlyTheVectorAndChangesWhatFollows(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let d = model.config.modelDimension
        let capture: Set<TransformerHook> = [.attnOut(0), .residPost(0), .residPost(1)]
        let plain = try model.forward(fixture.tokens, hooks: ForwardHooks(capture: capture))
        let vector = (0..<d).map { Float($0 % 5) - 2 }
        let steered = try model.forward(
            fixture.tokens,
            hooks: ForwardHooks(capture: capture, interventions: [.attnOut(0): [.add(vector)]]))
        let before = plain.activations[.attnOut(0)]!
        let after = steered.activations[.attnOut(0)]!
        for i in 0..<before.count { #expect(after[i] == before[i] + vector[i % d]) }
        let postBefore = plain.activations[.residPost(0)]!
        let postAfter = steered.activations[.residPost(0)]!
        // Residual after block 0 = (resid_pre + attn_out + v) + mlp_out(changed input): not just + v.
        #expect(zip(postBefore, postAfter).contains { $0 != $1 })
        #expect(plain.activations[.residPost(1)]! != steered.activations[.residPost(1)]!)
        #expect(TransformerFixture.relativeError(plain.logits, steered.logits) > 1e-3)
    }

    @Test(arguments: TransformerFixture.names)
    func editSeesEveryTokenAndCanDeactivate(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let l = model.config.layerCount - 1
        var seen: [[Int]] = []
        let edit = HookIntervention.edit { sequence, position, activation in
            seen.append([sequence, position])
            for i in activation.indices { activation[i] = 0 }
        }
        let output = try model.forward(
            fixture.tokens,
            hooks: ForwardHooks(
                capture: [.residPre(l), .mlpOut(l), .residPost(l)], interventions: [.attnOut(l): [edit]]))
        let positions = fixture.tokens[0].count
        #expect(seen == (0..<fixture.tokens.count).flatMap { s in (0..<positions).map { [s, $0] } })
        let pre = output.activations[.residPre(l)]!
        let mlp = output.activations[.mlpOut(l)]!
        let sum = (0..<pre.count).map { pre[$0] + mlp[$0] }
        #expect(TransformerFixture.relativeError(output.activations[.residPost(l)]!, sum) <= 1e-6)
    }

    @Test func badHooksAreRefused() throws {
        let fixture = try TransformerFixture("llama_gqa_untied")
        let model = try Transformer(checkpoint: fixture.checkpoint)
        #expect(throws: TransformerError.hookOutOfRange(hook: "blocks.9.hook_resid_pre", layers: 2)) {
            try model.forward(fixture.tokens, hooks: ForwardHooks(capture: [.residPre(9)]))
        }
        #expect(throws: TransformerError.vectorWidth(hook: "blocks.0.attn.hook_z", expected: 32, got: 3)) {
            try model.forward(fixture.tokens, hooks: ForwardHooks(interventions: [.attnZ(0): [.add([1, 2, 3])]]))
        }
        #expect(throws: TransformerError.tokenOutOfRange(id: 61, vocabulary: 61)) {
            try model.forward([[1, 61]])
        }
        #expect(throws: TransformerError.unequalLengths(first: 2, other: 1)) { try model.forward([[1, 2], [3]]) }
        #expect(throws: TransformerError.emptyInput) { try model.forward([]) }
    }
}
