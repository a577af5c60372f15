import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `featureflow` binary run as a child process, so a test can kill it with SIGKILL at a chosen moment.
struct ToolProcess {
    /// When to kill the process.
    enum KillPoint {
        /// Right after the first stderr line containing this text.
        case line(String)
        /// This many seconds after launch.
        case after(Double)
    }

    /// What a run did.
    struct Outcome {
        /// Every stderr line, in order.
        var lines: [String]
        /// True when the process died of SIGKILL.
        var killed: Bool
        /// The exit status (the signal number when killed).
        var status: Int32
        /// Wall-clock seconds from launch to exit.
        var seconds: Double

        /// `Y` from the `matched X layer(s), reused Y` line, when the run got that far.
        var reused: Int? { count(after: "reused ") }
        /// `X` from the same line.
        var matched: Int? { count(after: "matched ") }

        private func count(after prefix: String) -> Int? {
            guard let line = lines.first(where: { $0.contains("matched ") && $0.contains(", reused ") }),
                let range = line.range(of: prefix)
            else { return nil }
            return Int(line[range.upperBound...].prefix(while: \.isNumber))
        }
    }

    /// The `featureflow` executable built beside the test bundle (`swift build --build-tests` and `swift test` build
    /// every product), or in `.build/debug` of this package.
    static func binary() throws -> String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        var candidates = [runner.appendingPathComponent("featureflow").path]
        // A bundle (macOS) sits one or three levels deeper than the products.
        candidates.append(
            runner.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("featureflow").path)
        var package = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { package.deleteLastPathComponent() }
        candidates.append(package.appendingPathComponent(".build/debug/featureflow").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.joined(separator: ", ")])
        }
        return found
    }

    /// Runs `featureflow arguments` in `directory`; kills it at `killPoint` (when given), and in any case after
    /// `timeout` seconds so a hang fails the test instead of blocking it.
    static func run(
        _ arguments: [String], in directory: String, kill killPoint: KillPoint? = nil, timeout: Double = 120
    )
        throws -> Outcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let start = Date()
        try process.run()
        let pid = process.processIdentifier
        let killAfter: Double? = if case .after(let seconds) = killPoint { seconds } else { nil }
        var lines: [String] = []
        var pending: [UInt8] = []
        var sent = false
        func send() {
            if !sent { Glibc.kill(pid, SIGKILL) }
            sent = true
        }
        // One thread: poll stderr in short slices so the timed kill and the watchdog need no other thread.
        let descriptor = errors.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let elapsed = Date().timeIntervalSince(start)
            if let killAfter, elapsed >= killAfter { send() }
            if elapsed >= timeout { send() }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, 10)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                lines.append(line)
                if case .line(let text) = killPoint, line.contains(text) { send() }
            }
        }
        process.waitUntilExit()
        if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
        return Outcome(
            lines: lines,
            killed: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
            status: process.terminationStatus, seconds: Date().timeIntervalSince(start))
    }
}
