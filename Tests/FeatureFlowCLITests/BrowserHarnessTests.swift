import Foundation
import Testing

/// The browser check must be able to fail: a page with a console error, a missing script and an
/// external image is reported as such.
@Suite struct BrowserHarnessTests {
    @Test func detectsConsoleErrorsMissingFilesAndNetworkRequests() throws {
        let chromium = try #require(HeadlessChromium.find(), "chromium is not installed (make test installs it)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        <!doctype html><html><head><meta charset="utf-8"><title>t</title>
        <script src="app.js"></script><script src="missing.js"></script></head>
        <body><p id="out"></p><img src="https://example.invalid/x.png" alt=""></body></html>
        """.write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try """
        document.addEventListener('DOMContentLoaded', () => {
          document.getElementById('out').textContent = 'ran:' + new URLSearchParams(location.search).get('q');
          console.error('planted error');
        });
        """.write(to: folder.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        var components = URLComponents(
            url: folder.appendingPathComponent("index.html"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "q", value: "hello")]
        let load = try chromium.load(components.url!)
        #expect(load.dom.contains("ran:hello"))
        #expect(load.consoleMessages.contains { $0.contains("planted error") })
        #expect(load.fileRequests.contains { $0.hasSuffix("/missing.js") })
        #expect(load.networkRequests == ["https://example.invalid/x.png"])
    }
}
