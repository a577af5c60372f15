/// An edit applied to a hook point's activation before the model uses it (and before it is captured).
public enum HookIntervention: @unchecked Sendable {
    /// Adds the vector (the hook's width) at every token of every sequence: steering.
    case add([Float])
    /// Calls the closure once per token, serially, with the sequence index, the token's absolute
    /// position (counting cached tokens) and the activation to edit in place: the rescaling
    /// operator, deactivation, patching.
    case edit((_ sequence: Int, _ position: Int, _ activation: UnsafeMutableBufferPointer<Float>) -> Void)
}
