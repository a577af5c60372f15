import Foundation
import Mustache

/// The site's templates and assets, loaded from one or more folders (later folders override earlier ones, so a
/// user's `--templates DIR` may replace just one file). `*.mustache` files are templates named after the file
/// (`layout.mustache` → `layout`); every other regular file (CSS, JS, images) is an asset copied into `assets/`.
public struct TemplateLibrary: Sendable {
    /// Where assets go inside the site.
    public static let assetFolder = "assets"

    /// The folders loaded, in order.
    public let directories: [String]
    /// Template name → the file it was read from.
    public let templateFiles: [String: String]
    /// Asset file name → the file it is copied from.
    public let assetFiles: [String: String]
    let library: MustacheLibrary
    /// The templates compiled for `TemplateRenderer`; nil when one of them uses Mustache beyond the compiled subset
    /// (then every page renders through swift-mustache, which gives the same bytes, slower).
    let compiled: [String: CompiledTemplate]?

    /// Loads the templates and assets of `directories` (see `TemplateLocator.directories`). Template syntax errors
    /// throw a `SiteError` with the file, line and column.
    public init(directories: [String]) throws {
        var templateFiles: [String: String] = [:]
        var assetFiles: [String: String] = [:]
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                throw SiteError(path: directory, message: "the templates folder cannot be read", reason: .template)
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = directory + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                if name.hasSuffix(".mustache") {
                    templateFiles[String(name.dropLast(".mustache".count))] = path
                } else if SiteNames.isSafeComponent(name) {
                    assetFiles[name] = path
                }
            }
        }
        HTMLEscaping.register()
        var library = MustacheLibrary()
        var compiled: [String: CompiledTemplate]? = [:]
        for (name, path) in templateFiles.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SiteError(path: path, message: "the template cannot be read", reason: .template)
            }
            let text = String(decoding: data, as: UTF8.self)
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                if let template = TemplateParser.compile(text) { compiled?[name] = template } else { compiled = nil }
            } catch let error as MustacheTemplate.ParserError {
                throw SiteError(
                    path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                    message: "template syntax error: \(error.error)", reason: .template)
            }
        }
        guard templateFiles["layout"] != nil else {
            throw SiteError(
                path: directories.last, message: "no layout.mustache in the templates folder", reason: .template)
        }
        self.directories = directories
        self.templateFiles = templateFiles
        self.assetFiles = assetFiles
        self.library = library
        self.compiled = compiled
    }

    /// Loads the templates found by `TemplateLocator` (the default folder, overridden by `explicit` when given).
    public init(explicit: String? = nil) throws {
        try self.init(directories: TemplateLocator.directories(explicit: explicit))
    }

    /// True when a template called `name` exists.
    public func has(_ name: String) -> Bool { templateFiles[name] != nil }

    /// Renders the template `name` with `context` (dictionaries, arrays, strings, numbers; `{{x}}` is HTML-escaped).
    public func render(_ context: Any, template name: String) throws -> String {
        if let compiled {
            guard let template = compiled[name] else { throw missing(name) }
            return TemplateRenderer(templates: compiled).render(template, context: context)
        }
        return try renderWithEngine(context, template: name)
    }

    /// `render` through swift-mustache itself (the reference the compiled templates are checked against).
    func renderWithEngine(_ context: Any, template name: String) throws -> String {
        guard let text = library.render(context, withTemplate: name) else { throw missing(name) }
        return text
    }

    private func missing(_ name: String) -> SiteError {
        SiteError(
            path: directories.last, message: "there is no template called \"\(name)\" (\(name).mustache)",
            reason: .template)
    }

    /// Copies every asset into `assets/` of the site being built.
    public func copyAssets(into staging: SiteStaging) throws {
        for (name, path) in assetFiles.sorted(by: { $0.key < $1.key }) {
            try staging.copyFile(from: path, to: Self.assetFolder + "/" + name)
        }
    }
}
