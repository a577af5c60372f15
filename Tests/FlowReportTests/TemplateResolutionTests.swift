import Foundation
import Testing

@testable import FlowReport
@testable import SiteKit

/// Every `{{name}}`, `{{{name}}}` and section of the package's templates resolves against its typed page model, in the
/// right context: each template is parsed, its tags walked with the stack of section values a render would have, and
/// each name looked up in the model's keys (read from the model type, optionals included). A template that gains a
/// typo, a name used outside the section that provides it, markup printed with `{{x}}` or text with `{{{x}}}` fails.
@Suite struct TemplateResolutionTests {
    /// Template → its model; `root` is added to every body template by `PageRenderer`.
    static let typed: [String: TemplateShape] = [
        "layout": .of(LayoutModel.self), "feature": .of(FeaturePageModel.self), "module": .of(ModulePageModel.self),
        "layer": .of(LayerPageModel.self), "persistence": .of(ConceptPageModels.Persistence.self),
        "transformation": .of(ConceptPageModels.Transformation.self),
        "emergence": .of(ConceptPageModels.Emergence.self), "steering": .of(ConceptPageModels.Steering.self),
        "index": .of(IndexPageModel.self), "search": .of(SearchPageModel.self),
        "evidence": .of(EvidencePageModel.self), "steering-theme": .of(SteeringThemePageModel.self),
    ]

    /// Partials, checked through their parents.
    static let partials: Set = ["badge", "featurelink", "quality"]

    static func library() throws -> [String: CompiledTemplate] {
        try #require(try TemplateLibrary(directories: [PageRendererTests.templates]).compiled)
    }

    @Test func everyNameInTheTypedTemplatesResolves() throws {
        let library = try Self.library()
        for (name, shape) in Self.typed {
            let template = try #require(library[name])
            let implicit: [String: TemplateShape] = name == "layout" ? [:] : ["root": .value]
            #expect(shape.problems(in: template, library: library, implicit: implicit) == [], "\(name).mustache")
        }
    }

    @Test func everyTemplateIsClassified() throws {
        let names = Set(try Self.library().keys)
        #expect(names == Set(Self.typed.keys).union(Self.partials))
    }

    @Test func modelShapesAreReadWithTheirOptionals() {
        guard case .object(let page) = TemplateShape.of(FeaturePageModel.self) else {
            Issue.record("not a struct")
            return
        }
        #expect(page["neuronpedia"] == .value && page["truncated"] == .flag && page["diagram"] == .html)
        guard case .object(let evidence)? = page["evidence"], case .list(.object(let score))? = page["scores"] else {
            Issue.record("nested shapes missing")
            return
        }
        #expect(evidence["activity"] != nil && score["verdict"] == .value)
    }

    /// The check fails on a typo, a name outside its section, markup escaped again and unescaped text.
    @Test func typosAndMisplacedNamesAreCaught() throws {
        let library = try Self.library()
        let shape = TemplateShape.of(FeaturePageModel.self)
        func problems(_ text: String) throws -> [String] {
            shape.problems(in: try #require(TemplateParser.compile(text)), library: library, implicit: ["root": .value])
        }
        #expect(try problems("{{#lifespan}}{{birth}} {{end}} {{id}}{{/lifespan}}{{#labels}}{{text}}{{/labels}}") == [])
        #expect(try problems("{{#lifespan}}{{brith}}{{/lifespan}}") == ["lifespan > brith: no such key in the model"])
        #expect(try problems("{{explainer}}") == ["explainer: no such key in the model"])
        #expect(try problems("{{diagram}}") == ["diagram: markup escaped again"])
        #expect(try problems("{{{id}}}") == ["id: {{{…}}} of text that is not markup"])
        #expect(
            try problems("{{#class}}{{> badge}}{{/class}}{{> badge}}") == [
                ">badge > cssClass: no such key in the model", ">badge > title: no such key in the model",
            ])
    }
}
