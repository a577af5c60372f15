/// The step list: the one place that says which steps a build runs and in what order.
///
/// To add a stage: write a type conforming to `PipelineStep` (in `Steps/`), then add it here where it belongs,
/// under the condition on the request that asks for it. See docs/pipeline.md.
extension BuildRequest {
    /// The steps this request runs, in order.
    public var stages: [PipelineStage] {
        var stages: [PipelineStage] = []
        if matching != nil {
            stages += [.step(LoadStep()), .step(MatchStep())]
        }
        if site != nil {
            stages += [.step(AnalyseStep()), .step(LabelsStep())]
        }
        if evidence != nil {
            stages.append(.step(EvidenceStep()))
        }
        if site != nil {
            stages.append(.scope(SiteStagingScope(), [.step(RenderStep()), .step(CheckStep())]))
        }
        return stages
    }
}
