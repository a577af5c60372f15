import Testing

@testable import FlowCore

@Suite struct FeatureIDTests {
    @Test func parsesBothForms() {
        #expect(FeatureID(parsing: "24/res/14548") == FeatureID(layer: 24, hookSite: .res, index: 14548))
        #expect(FeatureID(parsing: "3-mlp-7") == FeatureID(layer: 3, hookSite: .mlp, index: 7))
        #expect(FeatureID(parsing: "3/mlp/7")?.slug == "3-mlp-7")
    }

    @Test func rejectsMalformed() {
        for text in ["", "1/res", "1/resid/2", "-1/res/2", "1/res/-2", "a/res/1", "1/res/2/3", "1//2"] {
            #expect(FeatureID(parsing: text) == nil, "\(text)")
        }
    }

    @Test func ordersByLayerSiteIndex() {
        let ids = ["2/res/1", "1/att/0", "1/res/5", "1/mlp/0"].compactMap(FeatureID.init(parsing:))
        #expect(ids.sorted().map(\.description) == ["1/res/5", "1/mlp/0", "1/att/0", "2/res/1"])
    }
}
