// swift-tools-version: 6.0
import PackageDescription

/// featureflow: sparse-autoencoder feature flow across layers, rendered as a static site.
/// Pipeline: Weights → Matching (LinearAlgebra/OpenBLAS) → Store (SQLite) → Analysis → Site (SiteKit, libxml2).
let package = Package(
    name: "featureflow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "featureflow", targets: ["featureflow"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries (apt packages installed by the Makefile).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // C shim: every libxml2 include lives in its .c file (see STYLE.md: ICU clash with Foundation).
        .target(name: "CXMLShim", dependencies: ["CLibXML2"]),

        // Located errors, problem lists, the lock box and the byte-size formatter; depends on Foundation only.
        .target(name: "FlowDiagnostics"),

        // The only importers of the C modules above.
        .target(name: "XMLSupport", dependencies: ["CXMLShim", "FlowDiagnostics"]),
        .target(name: "CVectorKernels"),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CVectorKernels"]),
        .target(name: "SQLiteSupport", dependencies: ["CSQLite", "FlowDiagnostics"]),
        .target(name: "Codecs", dependencies: ["CZlib", "CCrypto"]),
        // Byte-stable output: the one JSON writer (sorted keys, fixed floats) and fixed number formatting (Fmt).
        .target(name: "CanonicalOutput"),

        // The pipeline.
        .target(
            name: "FlowCore",
            dependencies: [
                "FlowDiagnostics", "LinearAlgebra", "SQLiteSupport", "Codecs", "CanonicalOutput",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The synthetic SAE family with planted flows (featureflow synth, tests, benchmarks); FlowCore never imports it.
        .target(name: "SyntheticFamily", dependencies: ["FlowCore", "CanonicalOutput", "LinearAlgebra"]),
        // The output side: terminal progress and the DOT, Python and CSV exporters.
        .target(name: "FlowExport", dependencies: ["FlowCore", "FlowDiagnostics", "CanonicalOutput"]),
        // Generic static-site machinery: writer, staging, SVG, Mustache templates, link checker (no featureflow pages).
        .target(
            name: "SiteKit",
            dependencies: [
                "FlowDiagnostics", "XMLSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The language-model runtime: checkpoints, tokenisers, forward pass with hooks. Reads tensors
        // through FlowCore's mapped-file readers until those move to a module of their own.
        .target(name: "ModelRuntime", dependencies: ["LinearAlgebra", "CVectorKernels", "FlowCore"]),
        // TopK SAE training (Adam, AuxK) on activation batches, written as SAELens folders; no model, no site.
        .target(name: "SAETraining", dependencies: ["LinearAlgebra", "FlowCore", "CanonicalOutput"]),
        .target(name: "SAEEncoding", dependencies: ["LinearAlgebra", "FlowCore"]),
        // Evidence from text: SAE statistics, top contexts, activation groups, co-activation, deactivation.
        .target(
            name: "FlowEvidence",
            dependencies: [
                "FlowCore", "ModelRuntime", "SAEEncoding", "LinearAlgebra", "Codecs",
                "SQLiteSupport",
            ]),
        .target(
            name: "SteeringRuns",
            dependencies: ["FlowCore", "ModelRuntime", "SAEEncoding", "LinearAlgebra", "CanonicalOutput"]),
        // The featureflow pages, built on SiteKit.
        .target(
            name: "FlowReport", dependencies: ["FlowCore", "SiteKit", "FlowExport", "CanonicalOutput", "XMLSupport"]),
        // The build as a list of named steps (load, match, analyse, labels, evidence, render, check) and their runner.
        .target(
            name: "FlowPipeline",
            dependencies: ["FlowCore", "FlowReport", "SiteKit", "FlowExport", "FlowEvidence", "ModelRuntime"]),
        .target(
            name: "FeatureFlowCLI",
            dependencies: [
                "FlowCore", "FlowReport", "FlowPipeline", "ModelRuntime", "SAETraining", "Codecs", "FlowEvidence",
                "SteeringRuns", "SyntheticFamily", "FlowExport", "SiteKit", "CanonicalOutput", "LinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "featureflow", dependencies: ["FeatureFlowCLI"]),
        .executableTarget(
            name: "flowbench",
            dependencies: [
                "FlowCore", "FlowReport", "LinearAlgebra", "SAETraining", "SAEEncoding", "FlowEvidence", "ModelRuntime",
                "SteeringRuns", "Codecs", "XMLSupport", "SyntheticFamily", "FlowExport", "SiteKit",
            ]),

        // Temp folders and byte-by-byte fixtures (safetensors, a tiny model folder) shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FlowDiagnosticsTests", dependencies: ["FlowDiagnostics"]),
        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "CVectorKernels"]),
        .testTarget(name: "SQLiteSupportTests", dependencies: ["TestSupport", "SQLiteSupport"]),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"]),
        .testTarget(
            name: "FlowCoreTests",
            dependencies: [
                "TestSupport",
                "FlowCore", "LinearAlgebra", "CanonicalOutput", "FlowExport", "SyntheticFamily", "Codecs",
                "SQLiteSupport",
            ]),
        .testTarget(
            name: "SyntheticFamilyTests", dependencies: ["TestSupport", "SyntheticFamily", "FlowCore", "LinearAlgebra"]),
        .testTarget(
            name: "ModelRuntimeTests", dependencies: ["TestSupport", "ModelRuntime", "LinearAlgebra", "FlowCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SAETrainingTests", dependencies: ["SAETraining", "LinearAlgebra", "FlowCore"]),
        .testTarget(
            name: "SAEEncodingTests", dependencies: ["TestSupport", "SAEEncoding", "LinearAlgebra", "FlowCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "FlowEvidenceTests",
            dependencies: ["TestSupport", "FlowEvidence", "FlowCore", "ModelRuntime", "SAEEncoding", "LinearAlgebra"]),
        .testTarget(
            name: "FlowReportTests",
            dependencies: ["TestSupport", "FlowReport", "FlowCore", "SiteKit", "FlowExport", "XMLSupport"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "FlowPipelineTests",
            dependencies: [
                "TestSupport",
                "FlowPipeline", "FlowCore", "FlowReport", "FlowEvidence", "SiteKit", "FlowExport", "SyntheticFamily",
            ]),
        .testTarget(
            name: "SteeringRunsTests",
            dependencies: ["SteeringRuns", "ModelRuntime", "FlowCore", "LinearAlgebra", "SAEEncoding", "SAETraining"]),
        .testTarget(
            name: "FeatureFlowCLITests",
            dependencies: [
                "TestSupport",
                "FeatureFlowCLI", "FlowCore", "FlowReport", "SiteKit", "FlowExport", "SyntheticFamily",
                "CanonicalOutput",
                "LinearAlgebra", "XMLSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v5]
)
