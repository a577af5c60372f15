import FlowCore

extension SteeringPlan {
    /// A short Python snippet that applies this plan with TransformerLens hooks and SAELens SAEs.
    /// The user supplies `load_sae(layer, site)` returning an SAELens `SAE` for that position.
    public func pythonSnippet(planFile: String = "plan.json") -> String {
        let op = request.operation.rawValue
        return """
            # Apply featureflow steering plan (\(op), seed \(request.seed)) with TransformerLens + SAELens.
            import json, torch
            from functools import partial

            plan = json.load(open(\(pythonString(planFile))))
            plan = plan.get("steering", plan)  # a featureflow feature JSON holds its plan under "steering"

            def load_sae(layer, site):
                # Return the sae_lens.SAE for this layer/site, e.g. SAE.load_from_disk("<folder>").
                raise NotImplementedError

            def steer(h, hook, rows):
                # rows: list of (raw decoder row W_dec[i], scale, sae, feature). attn.hook_z is
                # [batch, pos, heads, d_head] in TransformerLens: steer the flattened heads · d_head vector,
                # the space the hook_z SAE's rows live in, and restore the shape.
                shape = h.shape
                x = h.flatten(-2) if hook.name.endswith("hook_z") else h
                out = x
                for vec, scale, sae, feature in rows:
                    if plan["request"]["operation"] == "add":
                        out = out + scale * vec
                    else:  # rescale: h <- h + (r - 1) * a_i * W_dec[i], a_i from the unsteered input
                        a = sae.encode(x)[..., feature:feature + 1]
                        out = out + (scale - 1.0) * a * vec
                return out.reshape(shape)

            hooks = {}
            for e in plan["entries"]:
                sae = load_sae(e["layer"], e["site"])
                vec = sae.W_dec[e["feature"]].detach()  # the raw row: never unit-normalise it (METHOD.md section 5)
                norm = e.get("decoderNorm")
                if norm is not None and abs(vec.norm().item() - norm) > 1e-3 * max(1.0, norm):
                    raise ValueError(
                        f"W_dec[{e['feature']}] of {e['layer']}/{e['site']} has norm {vec.norm().item():.6g}, "
                        f"the plan expects {norm:.6g}: not the SAE (or normalisation) the plan was made from")
                name = plan["hooks"][f"{e['layer']}/{e['site']}"]
                hooks.setdefault(name, []).append((vec, e["scale"], sae, e["feature"]))

            fwd_hooks = [(name, partial(steer, rows=rows)) for name, rows in sorted(hooks.items())]
            # logits = model.run_with_hooks(tokens, fwd_hooks=fwd_hooks)

            """
    }

    private func pythonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case _ where scalar.value < 0x20 || scalar.value > 0x7e:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
