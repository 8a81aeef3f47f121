// swift-tools-version:6.0
import PackageDescription

// A Swift server app that mounts everyauth's PagerDuty authorization route (README, "Mount the
// route in a Swift app"). Build it with `swift build` in this directory; it is not part of the
// root package's build or tests.
let package = Package(
    name: "WebApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "everyauth", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "WebApp",
            dependencies: [
                .product(name: "EveryAuthCore", package: "everyauth"),
                // A team's store in PostgreSQL ($EVERYAUTH_STORE_URL=postgres://...); an app that
                // only reads the JSON file leaves it out, and with it NIO's PostgreSQL client.
                .product(name: "EveryAuthPostgres", package: "everyauth"),
                .product(name: "EveryAuthWeb", package: "everyauth"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
