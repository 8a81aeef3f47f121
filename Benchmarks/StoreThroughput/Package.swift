// swift-tools-version:6.0
import PackageDescription

// getIdentity throughput of the PostgreSQL store from the library, with concurrent tasks. A package
// of its own, depending on the root package by path, so the main build stays lean.
let package = Package(
    name: "StoreThroughput",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "everyauth", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "store-throughput",
            dependencies: [
                .product(name: "EveryAuthCore", package: "everyauth"),
                .product(name: "EveryAuthPostgres", package: "everyauth"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
