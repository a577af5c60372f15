/// Something that must stay open around several steps, e.g. the site's staging folder: render and check
/// write and read it, and the site is swapped in only when both passed. The scope is not a step itself
/// (it is not numbered); the steps it encloses are.
public protocol PipelineScope {
    /// Opens the scope, runs `body` (the enclosed steps) inside it, and closes it; when `body` throws,
    /// the scope undoes what it opened and rethrows.
    func enclose(_ context: PipelineContext, _ body: () throws -> Void) throws
}
