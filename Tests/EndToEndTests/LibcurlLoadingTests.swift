import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// libcurl is opened at the first transfer, not at start-up (shim.h says why): commands that send
/// nothing never load it, and a missing libcurl is one clear line, exit 1, only where it is needed.
@Suite("libcurl loading")
struct LibcurlLoadingTests {
    /// A library file that does not exist, for EVERYAUTH_LIBCURL.
    static let missing = "/nonexistent/everyauth-test/libcurl.so.4"

    #if os(Linux)
    /// The libraries the dynamic loader opened during a run, from glibc's LD_DEBUG=files trace.
    static func loadedLibraries(_ result: CLIResult) -> [String] {
        result.stderr.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "file=") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " && $0 != "\t" })
        }
    }

    @Test("--version, version, identity add/ls/token with an API token load no libcurl; version --verbose does")
    func onlyRequestsLoadLibcurl() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let trace = ["LD_DEBUG": "files"]
        let added = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u1", "--token", "-"],
                                           stdin: "u+token0123\n", environment: trace)
        #expect(added.status == 0, "\(added.stderr.suffix(400))")
        for arguments in [["--version"], ["version"], ["identity", "ls", "-o", "tsv"], ["identity", "token", "pagerduty", "--user-id", "u1"]] {
            let result = try await cli.runAsync(arguments, environment: trace)
            #expect(result.status == 0, "\(arguments): \(result.stderr.suffix(400))")
            let libraries = Self.loadedLibraries(result)
            // The trace works (the C library at least is listed), and libcurl is not in it.
            #expect(libraries.contains { $0.contains("libc.so") }, "\(arguments): no LD_DEBUG trace")
            #expect(!libraries.contains { $0.contains("libcurl") }, "\(arguments) loaded libcurl: \(libraries)")
        }
        #expect(Self.loadedLibraries(added).allSatisfy { !$0.contains("libcurl") })
        let verbose = try await cli.runAsync(["version", "--verbose"], environment: trace)
        #expect(verbose.status == 0)
        #expect(Self.loadedLibraries(verbose).contains { $0.contains("libcurl.so.4") })
    }
    #endif

    @Test("with libcurl missing, a request fails in one line naming the file and the remedy, exit 1; nothing else is affected")
    func missingLibcurlIsOneClearLine() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let noLibcurl = ["EVERYAUTH_LIBCURL": Self.missing]
        // Port 9 on loopback: were libcurl loaded after all, nothing leaves the machine.
        #expect(try await cli.runAsync(["service", "set", "pagerduty", "--apiUrl", "http://127.0.0.1:9"]).status == 0)
        #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u1", "--token", "-"],
                                       stdin: "u+token0123\n", environment: noLibcurl).status == 0)
        let token = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "u1"], environment: noLibcurl)
        #expect(token.status == 0)
        #expect(token.stdout == "u+token0123\n")

        let listed = try await cli.runAsync(["incidents", "list", "--user-id", "u1", "--all-time"], environment: noLibcurl)
        #expect(listed.status == ExitStatus.failure.rawValue)
        #expect(listed.stdout.isEmpty)
        let lines = listed.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(listed.stderr)")
        #expect(listed.stderr.hasPrefix("everyauth: error: cannot load libcurl (\(Self.missing): "))
        #expect(listed.stderr.contains("apt-get install libcurl4"))
        #expect(listed.stderr.contains("EVERYAUTH_LIBCURL"))
        #expect(!listed.stderr.contains("u+token0123"))

        let version = try await cli.runAsync(["version", "--verbose"], environment: noLibcurl)
        #expect(version.status == 0)
        #expect(version.stdout.contains("libcurl: not loaded: cannot load libcurl (\(Self.missing): "))
        #expect(version.stdout.contains("tls: none"))
    }
}
