import ArgumentParser
import EveryAuthCore

/// `everyauth version [--verbose]`: the version, and with `--verbose` what a bug report needs.
struct VersionCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version; with --verbose also the build's commit, Swift, libcurl and TLS versions."
    )

    /// `-v/--verbose` here also prints the git commit, Swift version, libcurl version and TLS backend.
    /// It never reads the store.
    static var requiresExistingStore: Bool { false }

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) async throws {
        context.out(Self.report(verbose: global.verbose, libcurl: .current))
    }

    /// The text printed: `everyauth VERSION`, then with `verbose` one `key: value` line per detail.
    /// `libcurl` is asked only for `verbose`: asking loads libcurl, which plain `version` does not need.
    static func report(verbose: Bool, libcurl: @autoclosure () -> LibcurlVersion) -> String {
        var lines = ["everyauth \(EveryAuthVersion.current)"]
        if verbose {
            let libcurl = libcurl()
            lines += [
                "commit: \(BuildInfo.commit)",
                "build: \(BuildInfo.configuration)",
                "swift: \(BuildInfo.swiftVersion)",
                "libcurl: \(libcurl.version)",
                "tls: \(libcurl.tlsBackend ?? "none")",
                "platform: \(BuildInfo.platform)",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What the build knew about itself. `make` writes `BuildInfoGenerated.swift` (not in git) from `git rev-parse`
/// and `swift --version` and compiles with `-DEVERYAUTH_BUILD_INFO`; a plain `swift build` has neither, so it
/// says "unknown" and names the compiler from `#if compiler`, and never shows a stale commit.
enum BuildInfo {
    #if EVERYAUTH_BUILD_INFO
    /// The git commit the binary was built from, with `-dirty` when the tree had uncommitted changes.
    static let commit = GeneratedBuildInfo.commit
    /// `swift --version`'s version text at build time.
    static let swiftVersion = GeneratedBuildInfo.swiftVersion
    #else
    /// The git commit the binary was built from: not known to a plain `swift build`.
    static let commit = "unknown"
    /// The compiler's language version, as far as `#if compiler` can tell.
    static let swiftVersion: String = {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }()
    #endif

    /// `debug` or `release`: SwiftPM defines DEBUG in debug builds only.
    static let configuration: String = {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }()

    /// Operating system and CPU the binary was compiled for.
    static let platform: String = {
        #if os(Linux)
        let system = "linux"
        #elseif os(macOS)
        let system = "macos"
        #else
        let system = "unknown-os"
        #endif
        #if arch(x86_64)
        return system + " x86_64"
        #elseif arch(arm64)
        return system + " aarch64"
        #else
        return system + " unknown-arch"
        #endif
    }()
}
