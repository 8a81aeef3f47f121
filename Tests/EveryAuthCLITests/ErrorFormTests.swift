@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// Issue 25 item 10: usage errors and runtime errors share one form, a mistyped subcommand gets a
/// suggestion as a mistyped flag does, `incident` is `incidents`, and global options work before
/// the subcommand.
@Suite struct ErrorFormTests {
    /// `everyauth: error: ...` then, for a usage error, one hint line.
    static func expectOneForm(_ stderr: String, hint: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first?.hasPrefix("everyauth: error: ") == true, "\(stderr)", sourceLocation: sourceLocation)
        #expect(lines.count == (hint ? 2 : 1), "\(stderr)", sourceLocation: sourceLocation)
        if hint { #expect(lines.last?.hasPrefix("See 'everyauth") == true, "\(stderr)", sourceLocation: sourceLocation) }
    }

    @Test func usageErrorsHaveTheOneForm() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for arguments in [["identity", "ls", "--conifg-dir", "x"], ["identity", "rm", "pagerduty", "--bogus"],
                          ["incidents", "list", "--limit", "0"], ["identity", "add", "pagerduty", "--user-id", "a\u{1}", "--token", "k"]] {
            let result = await cli.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            Self.expectOneForm(result.stderr, hint: true)
        }
        let runtime = await cli.run(["identity", "token", "pagerduty", "--user-id", "nobody"])
        #expect(runtime.status == 3)
        Self.expectOneForm(runtime.stderr, hint: false)
    }

    @Test func aMistypedSubcommandGetsASuggestion() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let cases: [([String], String)] = [
            (["incidents", "lst"], "did you mean 'list'?"), (["idnetity", "ls"], "did you mean 'identity'?"),
            (["identity", "tokn", "pagerduty"], "did you mean 'token'?"), (["service", "st", "pagerduty"], "did you mean 'set'?"),
        ]
        for (arguments, suggestion) in cases {
            let result = await cli.run(arguments)
            #expect(result.status == 64)
            #expect(result.stderr.contains(suggestion), "\(arguments): \(result.stderr)")
            Self.expectOneForm(result.stderr, hint: true)
        }
        let far = await cli.run(["incidents", "frobnicate"])
        #expect(far.status == 64 && !far.stderr.contains("did you mean"), "\(far.stderr)")
    }

    @Test func incidentIsIncidents() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let help = await cli.run(["incident", "list", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--status"), "\(help.stderr)")
    }

    @Test func globalOptionsWorkBeforeTheSubcommand() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-global-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: other) }
        let added = await cli.run(["--config-dir", other.path, "identity", "add", "pagerduty", "--user-id", "ada", "--token", "-"], stdin: "u+ada")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try FileStore(directory: other).read().identities.map(\.userId) == ["ada"])
        #expect(try cli.identities().isEmpty, "the session's own store stayed empty")
        let listed = await cli.run(["--config-dir=\(other.path)", "-v", "identity", "ls", "-o", "json"])
        #expect(listed.status == 0 && listed.stdout.contains("\"ada\""), "\(listed.stderr)")
    }

    @Test func globalOptionsMoveBeforeATerminator() {
        #expect(GlobalOptionsFirst.moved(["--store", "s", "api", "/x", "--", "-v"]) == ["api", "/x", "--store", "s", "--", "-v"])
        #expect(GlobalOptionsFirst.moved(["identity", "ls", "--store", "s"]) == ["identity", "ls", "--store", "s"])
    }
}
