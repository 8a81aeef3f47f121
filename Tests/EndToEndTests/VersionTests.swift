import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `everyauth --version` and `everyauth version [--verbose]`, as a bug reporter runs them.
@Suite struct VersionTests {
    @Test func versionFlagPrintsTheVersionAlone() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == EveryAuthVersion.current + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func versionSubcommandWithoutVerbosePrintsOneLine() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["version"])
        #expect(result.status == 0)
        #expect(result.lines == ["everyauth \(EveryAuthVersion.current)"])
        #expect(result.stderr.isEmpty)
    }

    @Test func verboseNamesCommitSwiftLibcurlAndTLS() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["version", "--verbose"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.lines.first == "everyauth \(EveryAuthVersion.current)")
        let fields = Dictionary(result.lines.dropFirst().compactMap { line -> (String, String)? in
            guard let separator = line.range(of: ": ") else { return nil }
            return (String(line[..<separator.lowerBound]), String(line[separator.upperBound...]))
        }, uniquingKeysWith: { first, _ in first })
        #expect(Set(fields.keys) == ["commit", "build", "swift", "libcurl", "tls", "platform"])

        // The test bundle is compiled with the binary's flags: a plain `swift build` has no commit, `make` has one.
        #if EVERYAUTH_BUILD_INFO
        #expect(fields["commit"]?.range(of: "^[0-9a-f]{40}(-dirty)?$", options: .regularExpression) != nil)
        #else
        #expect(fields["commit"] == "unknown")
        #endif
        #if DEBUG
        #expect(fields["build"] == "debug")
        #else
        #expect(fields["build"] == "release")
        #endif
        #expect(fields["swift"]?.range(of: "^6\\.[0-9]", options: .regularExpression) != nil)

        // The child loads the same libcurl as this test process; its version is dotted digits.
        let libcurl = LibcurlVersion.current
        #expect(libcurl.version.range(of: "^[0-9]+\\.[0-9]+\\.[0-9]+", options: .regularExpression) != nil)
        #expect(fields["libcurl"] == libcurl.version)
        #expect(fields["tls"] == (libcurl.tlsBackend ?? "none"))
        #if os(Linux)
        #expect(fields["platform"]?.hasPrefix("linux ") == true)
        #endif
    }

    #if os(Linux)
    @Test func libcurlReportsItsTLSBackend() {
        // Debian's libcurl4-openssl-dev, which the README and CI install, is built against OpenSSL.
        let backend = LibcurlVersion.current.tlsBackend
        #expect(backend?.hasPrefix("OpenSSL/") == true)
    }
    #endif
}
