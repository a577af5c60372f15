import FlowReport
import Foundation
import SiteKit
import XMLSupport

/// "A feature page's flow diagram is small and fast": renders a realistic 26-layer flow diagram (26 spine nodes,
/// 15 MLP/attention leaves, 48 descendants, labels of typical length) many times with the inline renderer and,
/// as the same-run baseline, with the standalone `svg()` serialisation; prints bytes and diagrams per second.
func runSVGBenchmark(iterations: Int = 2_000) throws {
    print("\n## svg: inline flow diagram of a 26-layer graph")
    for descendants in [0, 48] {
        print("26 spine nodes + 15 leaves + \(descendants) descendants:")
        try measureDiagram(benchDiagram(descendants: descendants), iterations: iterations)
    }
}

/// Renders `diagram` `iterations` times per variant and prints the figures.
private func measureDiagram(_ diagram: FlowDiagram, iterations: Int) throws {
    let renderer = FlowDiagramRenderer()
    if let path = ProcessInfo.processInfo.environment["FLOWBENCH_SVG_OUT"] {
        // Both renderings, for looking at them in a browser.
        let path = path + "-\(diagram.nodes.count)"
        try renderer.inlineSVG(diagram).write(toFile: path + ".inline.svg", atomically: true, encoding: .utf8)
        try renderer.svg(diagram).xmlString().write(toFile: path + ".standalone.svg", atomically: true, encoding: .utf8)
    }
    let variants: [(String, () throws -> String)] = [
        ("  baseline: standalone svg()", { try renderer.svg(diagram).fragmentString() }),
        ("  inlineSVG", { try renderer.inlineSVG(diagram) }),
    ]
    var figures: [(bytes: Int, rate: Double)] = []
    for (name, render) in variants {
        let bytes = try render().utf8.count
        for _ in 0..<50 { _ = try render() }  // warm up
        let start = DispatchTime.now()
        let cpuStart = cpuSeconds()
        var total = 0
        for _ in 0..<iterations { total &+= try render().utf8.count }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let cpu = cpuSeconds() - cpuStart
        let rate = Double(iterations) / cpu
        figures.append((bytes, rate))
        print(
            String(
                format: "%@: %d bytes per diagram, %.0f diagrams/s of CPU time (%.0f µs each; wall clock %.0f/s)",
                name, total / iterations, rate, cpu / Double(iterations) * 1e6, Double(iterations) / elapsed))
    }
    if figures.count == 2 {
        print(
            String(
                format: "  inline / baseline: %.2f× the bytes, %.2f× the speed",
                Double(figures[1].bytes) / Double(figures[0].bytes), figures[1].rate / figures[0].rate))
    }
}

/// CPU time of this process (on a shared machine, wall-clock rates depend on the neighbours).
private func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A flow graph shaped like the ones the site draws: residual spine over layers 0–25 with the seed at 12, an MLP or
/// attention leaf on 15 layers, and up to 48 descendants after the seed (about four per layer).
private func benchDiagram(descendants: Int) -> FlowDiagram {
    let words = [
        "legal citations and court cases", "the word 'because' in explanations", "Python function definitions",
        "dates in European formats", "closing brackets in nested code", "mentions of rivers and lakes",
    ]
    let classes: [FlowNodeClass] = [.translated, .translated, .processed, .translated, .newbornMLP, .translated]
    var nodes: [FlowDiagramNode] = []
    var edges: [FlowDiagramEdge] = []
    func href(_ layer: Int, _ site: String, _ index: Int) -> String { "../features/\(layer)-\(site)-\(index).html" }
    for layer in 0..<26 {
        let index = 1_000 + layer * 37
        let id = "\(layer)/res/\(index)"
        nodes.append(
            FlowDiagramNode(
                id: id, layer: layer, lane: .residual, label: words[layer % words.count],
                nodeClass: classes[layer % classes.count], href: href(layer, "res", index), isSeed: layer == 12))
        if layer > 0 {
            edges.append(
                FlowDiagramEdge(
                    from: "\(layer - 1)/res/\(1_000 + (layer - 1) * 37)", to: id, cosine: 0.42 + Double(layer) / 60,
                    weak: layer % 6 == 0))
        }
        if layer < 15 {
            let hookSite = layer % 2 == 0 ? "mlp" : "att"
            let leaf = "\(layer)/\(hookSite)/\(200 + layer)"
            nodes.append(
                FlowDiagramNode(
                    id: leaf, layer: layer, lane: layer % 2 == 0 ? .mlp : .attention,
                    label: layer % 3 == 0 ? words[(layer + 2) % words.count] : nil, nodeClass: .moduleLeaf,
                    href: href(layer, hookSite, 200 + layer)))
            edges.append(FlowDiagramEdge(from: leaf, to: id, cosine: 0.3 + Double(layer) / 100, weak: layer % 4 == 0))
        }
    }
    var parents = ["12/res/\(1_000 + 12 * 37)"]
    var made = 0
    for layer in 13..<26 where made < descendants {
        var next: [String] = []
        for child in 0..<4 where made < descendants {
            let index = 5_000 + layer * 10 + child
            let id = "\(layer)/res/\(index)"
            nodes.append(
                FlowDiagramNode(
                    id: id, layer: layer, lane: .residual, label: child == 0 ? words[child % words.count] : nil,
                    nodeClass: child % 2 == 0 ? .translated : .processed, href: href(layer, "res", index)))
            edges.append(
                FlowDiagramEdge(
                    from: parents[child % parents.count], to: id, cosine: 0.35 + Double(child) / 10, weak: child == 3))
            next.append(id)
            made += 1
        }
        parents = next
    }
    return FlowDiagram(title: "Flow graph of 12/res/1444", firstLayer: 0, lastLayer: 25, nodes: nodes, edges: edges)
}
