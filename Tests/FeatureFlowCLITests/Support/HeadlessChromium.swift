import Foundation

/// Loads a page in headless Chromium (Debian's `chromium`) and reports what a person would see:
/// the DOM after scripts ran, console messages (errors and CSP violations included), every file the
/// page requested, and any request to the network.
struct HeadlessChromium {
    struct PageLoad {
        var dom: String
        var consoleMessages: [String]
        /// file:// URLs the browser asked for.
        var fileRequests: [String]
        /// Any non-file URL seen in the network log (must stay empty for our sites).
        var networkRequests: [String]
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let executable: String

    /// The browser, or nil when it is not installed (`make test` installs it).
    static func find() -> HeadlessChromium? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return HeadlessChromium(executable: path)
        }
        return nil
    }

    func load(_ url: URL, budgetMilliseconds: Int = 3000) throws -> PageLoad {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ff-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let netLog = scratch.appendingPathComponent("net.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=1", "--log-net-log=\(netLog.path)",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=\(budgetMilliseconds)", "--dump-dom", url.absoluteString,
        ]
        let stdout = scratch.appendingPathComponent("stdout")
        let stderr = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw Unavailable(description: "chromium did not finish within 120 s")
        }
        let dom = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        var console: [String] = []
        var files: [String] = []
        for line in log.split(separator: "\n") {
            if line.contains(":CONSOLE") { console.append(String(line)) }
            if let range = line.range(of: "FileURLLoader::Start: ") {
                files.append(String(line[range.upperBound...]))
            }
        }
        let network = Self.pageNetworkRequests(netLog: netLog)
        return PageLoad(dom: dom, consoleMessages: console, fileRequests: files, networkRequests: network)
    }

    /// URLs of network requests started on behalf of the page. Chromium's own background requests carry
    /// the initiator "not an origin"; a page opened from disk has the opaque origin "null".
    static func pageNetworkRequests(netLog: URL) -> [String] {
        guard let data = try? Data(contentsOf: netLog),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let constants = root["constants"] as? [String: Any],
            let types = constants["logEventTypes"] as? [String: Int],
            let startJob = types["URL_REQUEST_START_JOB"],
            let events = root["events"] as? [[String: Any]]
        else { return ["(unreadable network log)"] }
        return events.compactMap { event in
            guard event["type"] as? Int == startJob, let params = event["params"] as? [String: Any],
                let url = params["url"] as? String, !url.hasPrefix("file:"),
                params["initiator"] as? String != "not an origin"
            else { return nil }
            return url
        }
    }
}
