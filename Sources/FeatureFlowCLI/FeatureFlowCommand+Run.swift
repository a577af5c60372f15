import ArgumentParser
import FlowCore

#if canImport(Glibc)
    import Glibc
#endif

extension FeatureFlowCommand {
    /// Parses the process arguments, runs the command, and exits: 0 on success; on failure the error
    /// goes to stderr as `Error: …` (every problem on its own line) and the exit code is non-zero.
    public static func runAndExit(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Self.exit()
        } catch let problems as ProblemList {
            for problem in problems.problems { printError("Error: \(problem)") }
            Self.exit(withError: ExitCode.failure)
        } catch let error as LocatedError {
            printError("Error: \(error)")
            Self.exit(withError: ExitCode.failure)
        } catch {
            Self.exit(withError: error)
        }
    }

    /// Writes one line to stderr.
    static func printError(_ text: String) {
        fputs(text + "\n", stderr)
    }
}
