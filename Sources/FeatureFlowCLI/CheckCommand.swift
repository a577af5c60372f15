import ArgumentParser
import FlowCore
import FlowReport
import SiteKit

/// `featureflow check SITE`: checks a generated site and fails when anything is wrong.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a generated site: links, anchors, outside references, inline scripts/styles, markup.",
        discussion: """
            Parses every .html page with libxml2's HTML parser (and every .svg as XML) and reports broken internal \
            links and #anchors, anything loaded from outside the site (plain outbound <a href> links are fine), \
            inline event handlers, inline <script> and <style> (the pages' Content-Security-Policy forbids them), \
            pages without a CSP, duplicate ids and malformed markup. Every problem is printed as file:line: message; \
            the exit code is non-zero when there is any.
            """
    )

    /// The site folder to check.
    @Argument(help: "The site folder (e.g. Output).")
    public var site: String

    public init() {}

    public func run() throws {
        let report = try SiteChecker(root: site).check()
        guard report.isClean else { throw ProblemList(report.problems) }
        print("Checked \(report.pagesChecked) pages and \(report.filesChecked) files in \(site): no problems.")
    }
}
