import FlowDiagnostics
import Foundation
import XMLSupport

/// Checks a generated site the way a strict browser and a careful reviewer would: parses every `.html` page with
/// libxml2's HTML parser (and every `.svg` as XML), and reports broken internal links and `#anchors`, anything loaded
/// from outside the site (scripts, styles, images, fonts, frames, CSS `url()`; plain outbound `<a href>` links are
/// fine), inline event handlers, inline scripts and styles (a CSP forbids them), pages without a CSP, duplicate ids
/// and malformed markup. Collects every problem; the caller fails once.
public struct SiteChecker: Sendable {
    /// The site folder.
    public let root: String
    /// How paths are shown in problems (default: `root` as given).
    public var displayRoot: String

    /// A checker for the site at `root`.
    public init(root: String) {
        self.root = root
        self.displayRoot = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// Element → attributes holding URLs that are loaded as resources.
    static let resourceAttributes: [String: [String]] = [
        "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"], "embed": ["src"],
        "audio": ["src"], "video": ["src", "poster"], "source": ["src", "srcset"], "track": ["src"],
        "input": ["src"], "link": ["href"], "object": ["data"], "image": ["href", "xlink:href"],
        "use": ["href", "xlink:href"], "feImage": ["href", "xlink:href"], "base": ["href"],
    ]
    /// Element → attributes holding URLs a reader navigates to.
    static let navigationAttributes: [String: [String]] = [
        "a": ["href", "xlink:href"], "area": ["href"], "form": ["action"],
    ]

    /// Scans the site and returns every problem found (throws only when the folder cannot be listed).
    public func check() throws -> SiteCheckReport {
        let files = try listFiles()
        let fileSet = Set(files)
        let pages = files.filter { $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm") }
        let svgs = files.filter { $0.lowercased().hasSuffix(".svg") }
        let styles = files.filter { $0.lowercased().hasSuffix(".css") }

        let slots = Locked<[PageScan?]>(Array(repeating: nil, count: pages.count))
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            let scan = scanPage(pages[index])
            slots.withLock { $0[index] = scan }
        }
        let scans = slots.current
        var problems: [SiteProblem] = []
        var idsByFile: [String: Set<String>] = [:]
        var scanned: [(String, PageScan)] = []
        for (index, page) in pages.enumerated() {
            let scan = scans[index]!
            idsByFile[page] = scan.ids
            problems += scan.problems
            scanned.append((page, scan))
        }
        for svg in svgs {
            let scan = scanSVG(svg)
            idsByFile[svg] = scan.ids
            problems += scan.problems
            scanned.append((svg, scan))
        }
        for style in styles {
            let scan = scanStylesheet(style)
            problems += scan.problems
            scanned.append((style, scan))
        }
        for (file, scan) in scanned {
            for reference in scan.references {
                if let problem = judge(reference, in: file, files: fileSet, ids: idsByFile) { problems.append(problem) }
            }
        }
        problems.sort {
            ($0.path ?? "", $0.line ?? 0, $0.column ?? 0, $0.message) < (
                $1.path ?? "", $1.line ?? 0, $1.column ?? 0, $1.message
            )
        }
        return SiteCheckReport(problems: problems, pagesChecked: pages.count, filesChecked: files.count)
    }

    // MARK: - Files

    func listFiles() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: root)
        else {
            throw SiteError(path: root, message: "there is no site folder here to check", reason: .io)
        }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            let attributes = enumerator.fileAttributes
            guard attributes?[.type] as? FileAttributeType != .typeDirectory else { continue }
            if item == SiteWriter.markerName { continue }
            files.append(item)
        }
        return files.sorted()
    }

    func display(_ file: String) -> String { displayRoot + "/" + file }

    func read(_ file: String) -> [UInt8]? {
        (try? Data(contentsOf: URL(fileURLWithPath: root + "/" + file))).map { [UInt8]($0) }
    }

    // MARK: - Pages

    /// What one file contributes: its ids, its outgoing references, and problems found in it alone.
    struct PageScan: Sendable {
        var ids: Set<String> = []
        var references: [SiteReference] = []
        var problems: [SiteProblem] = []
    }

    func scanPage(_ file: String) -> PageScan {
        var scan = PageScan()
        guard let bytes = read(file) else {
            scan.problems.append(
                SiteProblem(path: display(file), message: "the page cannot be read", kind: .unreadable))
            return scan
        }
        let document = HTMLDocument(parsing: bytes, path: display(file))
        for diagnostic in document.diagnostics where !diagnostic.isUnknownHTMLTag {
            scan.problems.append(
                SiteProblem(
                    path: display(file), line: diagnostic.line, column: diagnostic.column,
                    message: "malformed markup: \(diagnostic.message)", kind: .malformedMarkup))
        }
        guard let root = document.root else { return scan }
        var hasPolicy = false
        root.forEachElement { element in
            if element.name == "meta",
                element[attribute: "http-equiv"]?.lowercased() == "content-security-policy",
                element[attribute: "content"]?.isEmpty == false
            {
                hasPolicy = true
            }
            inspect(element, in: file, into: &scan)
        }
        if !hasPolicy {
            scan.problems.append(
                SiteProblem(
                    path: display(file), line: 1,
                    message: "the page has no Content-Security-Policy <meta http-equiv> element",
                    kind: .missingContentSecurityPolicy))
        }
        return scan
    }

    func scanSVG(_ file: String) -> PageScan {
        var scan = PageScan()
        guard let bytes = read(file) else {
            scan.problems.append(
                SiteProblem(path: display(file), message: "the image cannot be read", kind: .unreadable))
            return scan
        }
        do {
            let document = try MarkupDocument(parsingXML: bytes, path: display(file))
            document.root?.forEachElement { inspect($0, in: file, into: &scan) }
        } catch let error as MarkupError {
            scan.problems.append(
                SiteProblem(
                    path: display(file), line: error.line, column: error.column,
                    message: "malformed SVG: \(error.message)", kind: .malformedMarkup))
        } catch {
            scan.problems.append(SiteProblem(path: display(file), message: "malformed SVG", kind: .malformedMarkup))
        }
        return scan
    }

    func scanStylesheet(_ file: String) -> PageScan {
        var scan = PageScan()
        guard let bytes = read(file) else {
            scan.problems.append(
                SiteProblem(path: display(file), message: "the stylesheet cannot be read", kind: .unreadable))
            return scan
        }
        for (url, line) in StylesheetScanner.references(in: String(decoding: bytes, as: UTF8.self)) {
            scan.references.append(
                SiteReference(url: url, line: line, element: "css", attribute: "url()", isNavigation: false))
        }
        return scan
    }

    func inspect(_ element: MarkupElement, in file: String, into scan: inout PageScan) {
        let line = element.line > 0 ? element.line : nil
        let name = element.name
        for attribute in element.attributes {
            let attributeName = attribute.name.lowercased()
            if attributeName == "id" || (name == "a" && attributeName == "name") {
                if !scan.ids.insert(attribute.value).inserted && attributeName == "id" {
                    scan.problems.append(
                        SiteProblem(
                            path: display(file), line: line, message: "duplicate id \"\(attribute.value)\"",
                            kind: .duplicateID))
                }
            }
            if attributeName.hasPrefix("on") && attributeName.count > 2 {
                scan.problems.append(
                    SiteProblem(
                        path: display(file), line: line,
                        message:
                            "inline event handler \(attribute.name)= on <\(name)> (the CSP blocks it; use a script file)",
                        kind: .inlineEventHandler))
            }
            if attributeName == "style" {
                scan.problems.append(
                    SiteProblem(
                        path: display(file), line: line,
                        message: "inline style= on <\(name)> (the CSP blocks it; use a class and the stylesheet)",
                        kind: .inlineStyle))
            }
        }
        if name == "script" && element[attribute: "src"] == nil
            && !element.textContent.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            scan.problems.append(
                SiteProblem(
                    path: display(file), line: line,
                    message: "inline <script> body (the CSP blocks it; move it to a .js file)", kind: .inlineScript))
        }
        if name == "style" {
            scan.problems.append(
                SiteProblem(
                    path: display(file), line: line,
                    message: "inline <style> element (the CSP blocks it; use the stylesheet)", kind: .inlineStyle))
            for (url, offset) in StylesheetScanner.references(in: element.textContent) {
                scan.references.append(
                    SiteReference(
                        url: url, line: line.map { $0 + offset - 1 }, element: "style", attribute: "url()",
                        isNavigation: false))
            }
        }
        for (table, isNavigation) in [(Self.navigationAttributes, true), (Self.resourceAttributes, false)] {
            for attributeName in table[name] ?? [] {
                guard let value = element[attribute: attributeName] else { continue }
                let urls = attributeName == "srcset" ? Self.srcsetURLs(value) : [value]
                for url in urls {
                    scan.references.append(
                        SiteReference(
                            url: url, line: line, element: name, attribute: attributeName, isNavigation: isNavigation))
                }
            }
        }
    }

    static func srcsetURLs(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { candidate in
            candidate.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init)
        }
    }

    // MARK: - Judging references

    func judge(_ reference: SiteReference, in file: String, files: Set<String>, ids: [String: Set<String>])
        -> SiteProblem?
    {
        func problem(_ message: String, _ kind: SiteProblem.Kind) -> SiteProblem {
            SiteProblem(path: display(file), line: reference.line, message: message, kind: kind)
        }
        let what =
            reference.element == "css"
            ? "url(\(reference.url))" : "<\(reference.element) \(reference.attribute)=\"\(reference.url)\">"
        switch SiteReference.resolve(reference.url, from: file) {
        case .samePage:
            return nil
        case .fragment(let fragment):
            guard !fragment.isEmpty, !file.hasSuffix(".css") else { return nil }
            let decoded = fragment.removingPercentEncoding ?? fragment
            return ids[file]?.contains(decoded) == true
                ? nil : problem("\(what): no element with id \"\(decoded)\" in this page", .brokenAnchor)
        case .external(let scheme):
            if scheme == "javascript" || scheme == "vbscript" {
                return problem("\(what): javascript: URL (the CSP blocks it)", .inlineScript)
            }
            if reference.isNavigation { return nil }
            if scheme == "data" && (reference.element == "img" || reference.element == "css") { return nil }
            return problem(
                "\(what) loads something from outside the site; ship the file in the site", .externalReference)
        case .rootRelative:
            return problem(
                "\(what) is root-relative: it leaves the site when opened from disk or a subfolder; use a relative URL",
                .externalReference)
        case .outside:
            return problem("\(what) points outside the site folder", .outsideSite)
        case .file(let path, let isFolder, let fragment):
            if isFolder || (!files.contains(path) && files.contains(path + "/index.html")) {
                return problem(
                    "\(what) links to a folder; from disk that shows a file listing; link to \(path.isEmpty ? "" : path + "/")index.html",
                    .brokenLink)
            }
            guard files.contains(path) else { return problem("\(what): \(path) is not in the site", .brokenLink) }
            if let fragment, !fragment.isEmpty, let targetIDs = ids[path] {
                let decoded = fragment.removingPercentEncoding ?? fragment
                if !targetIDs.contains(decoded) {
                    return problem("\(what): no element with id \"\(decoded)\" in \(path)", .brokenAnchor)
                }
            }
            return nil
        }
    }
}
