// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "everyauth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "everyauth", targets: ["everyauth"]),
        .library(name: "EveryAuthCore", targets: ["EveryAuthCore"]),
        .library(name: "EveryAuthPostgres", targets: ["EveryAuthPostgres"]),
        .library(name: "EveryAuthLoopback", targets: ["EveryAuthLoopback"]),
        .library(name: "EveryAuthWeb", targets: ["EveryAuthWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // SHA-256 for PKCE on both sides of the wire: crypto is not ours to write.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The web flow's server (EveryAuthWeb, `everyauth serve`): routing and graceful shutdown. Its
        // default trait ConfigurationSupport builds swift-configuration into every build (debug and
        // release) for an API we do not call; FullFoundation stays (we link Foundation anyway).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        // Header names of our own pages (Referrer-Policy), Hummingbird's own HTTP types; and the Logger
        // that Hummingbird and PostgresNIO take (ours log nothing: secrets stay out).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // The PostgreSQL store's client (SPEC §3 "Backends"); it brings NIO as a client, no listener.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The PostgreSQL store is a Service an app's ServiceGroup runs (Hummingbird's addServices);
        // already in the graph under postgres-nio and Hummingbird, at least 2.5.0 for postgres-nio.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.5.0"),
    ],
    targets: [
        // libcurl, the only outbound HTTP stack; typed wrappers live in shim.h. Its headers come from
        // libcurl4-openssl-dev (Debian) or the macOS SDK; the library itself is opened at the first
        // transfer (dlopen), not linked, so no pkgConfig: pkg-config's `-lcurl` would make the loader
        // map libcurl and its thirty libraries at every start (shim.h says why that matters).
        .systemLibrary(name: "CCurl"),
        // Everything an embedding Swift app needs: store (the JSON file; the Store protocol and store
        // addresses for every backend), OAuth token endpoint and refresh, HTTP, PagerDuty client,
        // JSON. No NIO at all, no ArgumentParser: an app that reads the file compiles none of them.
        .target(
            name: "EveryAuthCore",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The PostgreSQL store (SPEC §3 "Backends"): PostgresNIO as a client, its connections, schema
        // and TLS checks, and `StoreBackends.all`; a swift-service-lifecycle Service for a server app.
        .target(
            name: "EveryAuthPostgres",
            dependencies: [
                "EveryAuthCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The loopback authorization flow of RFC 8252: the NIO listener and the browser launch.
        .target(
            name: "EveryAuthLoopback",
            dependencies: [
                "EveryAuthCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The web authorization routes (issue 16): a route group a Swift app mounts at a path of its
        // choice, and what `everyauth serve` runs for a team. State lives in the store, so any
        // instance sharing it can finish an authorization another one started.
        .target(
            name: "EveryAuthWeb",
            dependencies: [
                "EveryAuthCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The HTTP/1 child channel, wrapped to put a per-connection guard (timeouts, the cap
                // on open connections) between NIOHTTP1's decoder and Hummingbird's codec.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Every command, the shared start-up and the output writers; tested in-process.
        .target(
            name: "EveryAuthCLI",
            dependencies: [
                "EveryAuthCore",
                "EveryAuthLoopback",
                "EveryAuthPostgres",
                "EveryAuthWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable: @main only.
        .executableTarget(name: "everyauth", dependencies: ["EveryAuthCLI"]),
        // A fake PagerDuty (OAuth + REST) for tests, benchmarks and manual trials; not installed.
        // It shares no code with the client: its wire literals are its own, so a wrong client fails.
        .target(
            name: "PagerDutyFake",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "pagerduty-fake", dependencies: ["PagerDutyFake"]),
        // What every test target shares: the one child-process runner, the built binaries beside the
        // test bundle, the fixtures (CLI sessions in temp config dirs, the fake browser), and the
        // store contract every backend passes.
        .target(
            name: "EveryAuthTestSupport",
            dependencies: ["EveryAuthCore"],
            path: "Tests/EveryAuthTestSupport"
        ),
        // What PostgreSQL tests share: PostgresDatabase gives each test a database of its own, the fake
        // server sees what a client sends before the login, certificates made at test time.
        .target(
            name: "EveryAuthPostgresTestSupport",
            dependencies: [
                "EveryAuthCore",
                "EveryAuthPostgres",
                "EveryAuthTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/EveryAuthPostgresTestSupport"
        ),
        // Tests mirror the targets: each target's own behaviour, in-process.
        .testTarget(
            name: "EveryAuthCoreTests",
            dependencies: ["EveryAuthCore", "PagerDutyFake", "EveryAuthTestSupport"]
        ),
        // The PostgreSQL store against a throwaway cluster (scripts/with-postgres) and a fake server.
        .testTarget(
            name: "EveryAuthPostgresTests",
            dependencies: [
                "EveryAuthPostgres", "EveryAuthCore", "EveryAuthTestSupport", "EveryAuthPostgresTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        // The loopback flow: the NIO listener, the callback page, the browser launch.
        .testTarget(
            name: "EveryAuthLoopbackTests",
            dependencies: ["EveryAuthLoopback", "EveryAuthCore", "PagerDutyFake", "EveryAuthTestSupport"]
        ),
        // The fake PagerDuty judged alone, against PagerDuty's documentation (the client only carries requests).
        .testTarget(
            name: "PagerDutyFakeTests",
            dependencies: ["PagerDutyFake", "EveryAuthCore", "EveryAuthTestSupport"]
        ),
        // The commands in-process with memory streams (stdout, stderr, exit status; no child process),
        // the command tree's parsing and help.
        .testTarget(
            name: "EveryAuthCLITests",
            dependencies: [
                "EveryAuthCLI", "EveryAuthCore", "PagerDutyFake", "EveryAuthTestSupport", "EveryAuthPostgresTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The web route group in-process (RouterClient: requests straight to the responder) against
        // the fake OAuth server. Not HummingbirdTesting: it links AsyncHTTPClient and NIOHTTP2, minutes
        // of every clean build.
        .testTarget(
            name: "EveryAuthWebTests",
            dependencies: [
                "EveryAuthWeb", "EveryAuthCore", "PagerDutyFake", "EveryAuthTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "everyauth", "pagerduty-fake", "EveryAuthCLI", "EveryAuthCore", "EveryAuthPostgres", "PagerDutyFake", "EveryAuthTestSupport",
                "EveryAuthPostgresTestSupport",
                // The webhook receiver checks signatures with its own HMAC, not the client's code.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
