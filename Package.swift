// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "everyauth",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "everyauth", targets: ["everyauth"]),
        .library(name: "EveryAuthCore", targets: ["EveryAuthCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // libcurl, the only outbound HTTP stack; typed wrappers live in shim.h.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // Everything an embedding Swift app needs: store, OAuth, HTTP, PagerDuty client.
        .target(
            name: "EveryAuthCore",
            dependencies: [
                "CCurl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The thin command-line front: parsing, calling the core, formatting.
        .executableTarget(
            name: "everyauth",
            dependencies: [
                "EveryAuthCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A fake PagerDuty (OAuth + REST) for tests, benchmarks and manual trials; not installed.
        .target(
            name: "PagerDutyFake",
            dependencies: [
                // For the PKCE S256 check of the fake authorization server (SHA-256 lives in the core).
                "EveryAuthCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "pagerduty-fake", dependencies: ["PagerDutyFake"]),
        .testTarget(
            name: "EveryAuthCoreTests",
            dependencies: ["EveryAuthCore", "PagerDutyFake"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["EveryAuthCore", "PagerDutyFake"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
