@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// Empty selections and bad input are usage errors (64) on every command, before anything changes.
@Suite struct InputCheckTests {
    @Test func anEmptyUserIDNeverFallsBackToTheLoginName() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        // The login name of this session is "login-user": its identity must survive.
        try cli.addAPIKey("u+login", userId: "login-user")
        let commands: [[String]] = [
            ["identity", "rm", "pagerduty", "--user-id", "", "-q"],
            ["identity", "get", "pagerduty", "--user-id", ""],
            ["identity", "token", "pagerduty", "--user-id", ""],
            ["identity", "ls", "--user-id", ""],
            ["identity", "add", "pagerduty", "--user-id", "", "--token", "k"],
            ["identity", "rm", "pagerduty", "--id", "", "-q"],
            ["identity", "rm", "pagerduty", "", "-q"],
            ["authorize", "pagerduty", "--user-id", ""],
            ["incidents", "list", "--user-id", ""],
            ["identity", "token", "pagerduty", "--user-id", "  "],
        ]
        for command in commands {
            let result = await cli.run(command)
            #expect(result.status == 64, "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
        #expect(try cli.identities().map(\.userId) == ["login-user"])
    }

    @Test func tokensWithControlCharactersOrOnlyWhiteSpaceAreRefused() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for token in ["abc\r\nX-Injected: 1", "   ", "a\u{7F}b", "tab\there"] {
            let add = await cli.run(["identity", "add", "pagerduty", "--user-id", "bob", "--token", token])
            #expect(add.status == 64 && add.stderr.contains("--token"), "\(add.stderr)")
            #expect(!add.stderr.contains("X-Injected"))
            let list = await cli.run(["incidents", "list", "--token", token])
            #expect(list.status == 64 && list.stderr.contains("--token"), "\(list.stderr)")
        }
        for input in [" \n", "abc\rdef\n", "\u{0}key"] {
            let add = await cli.run(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "-"], stdin: input)
            #expect(add.status == 64, "\(add.stderr)")
        }
        let environment = await cli.run(["incidents", "list"], environment: ["PAGERDUTY_TOKEN": "k\r\nX: y"])
        #expect(environment.status == 64 && environment.stderr.contains("PAGERDUTY_TOKEN"))
        #expect(try cli.identities().isEmpty)
    }

    @Test func incidentFiltersRefuseEmptyIDsMixedAllAndNegativeNumbers() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let cases: [([String], String)] = [
            (["--service-id", ""], "--service: the id must not be empty"),
            (["--team", " "], "--team: the id must not be empty"),
            (["--assignee-id", ""], "--assignee: the id must not be empty"),
            (["--status", "all", "--status", "triggered"], "all"),
            (["--limit", "-1"], "--limit must be at least 1"),
            (["--concurrency", "-3"], "--concurrency must be at least 1"),
            (["--since", "-5m"], "--since"),
            (["--status", "closed"], "closed"),
        ]
        for (arguments, expected) in cases {
            let result = await cli.run(["incidents", "list", "--token", "u+key"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments)")
        }
    }

    @Test func authorizeRefusesAnEmptyScopeAndNegativeNumbers() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let scope = await cli.run(["authorize", "pagerduty", "--scope", ""])
        #expect(scope.status == 64 && scope.stderr.contains("--scope"))
        let port = await cli.run(["authorize", "pagerduty", "--port", "-1"])
        #expect(port.status == 64 && port.stderr.contains("must be at least 0") && !port.stderr.contains("Missing value"))
        let timeout = await cli.run(["authorize", "pagerduty", "--timeout", "-5"])
        #expect(timeout.status == 64 && timeout.stderr.contains("--timeout must be at least 1"))
        let redirect = await cli.run(["service", "set", "pagerduty", "--redirectPort", "-1"])
        #expect(redirect.status == 64 && redirect.stderr.contains("must be at least 0"))
    }

    @Test func serviceSetRefusesURLsWithCredentialsOrSpaces() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for url in ["https://user:pa55@api.example.com", "https://user@api.example.com", "https://api.example.com/a b", " https://api.example.com"] {
            for flag in ["--apiUrl", "--tokenUrl", "--authorization-url", "--revocationUrl"] {
                let result = await cli.run(["service", "set", "pagerduty", flag, url])
                #expect(result.status == 64, "\(flag) \(url): \(result.stderr)")
                #expect(!result.stderr.contains("pa55"))
            }
        }
        #expect(try cli.store.read().services.isEmpty)
        let blank = await cli.run(["service", "set", "pagerduty", "--clientId", " "])
        #expect(blank.status == 64)
    }

    @Test func serviceGetNeverPrintsAPassword() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        // A hand-edited store: set never accepts such a URL.
        try cli.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "c", clientSecret: "s3cret", apiUrl: "https://me:pa55word@api.example.com/v2")
        }
        for format in ["json", "table", "tsv", "csv", "ndjson"] {
            let get = await cli.run(["service", "get", "pagerduty", "-o", format])
            #expect(get.status == 0)
            #expect(!get.stdout.contains("pa55word") && !get.stdout.contains("s3cret"), "\(format): \(get.stdout)")
            #expect(get.stdout.contains("api.example.com/v2"))
        }
        let show = await cli.run(["service", "set", "pagerduty", "-o", "json"])
        #expect(!show.stdout.contains("pa55word") && !show.stdout.contains("s3cret"))
        let list = await cli.run(["service", "ls", "-o", "json"])
        #expect(!list.stdout.contains("pa55word") && !list.stdout.contains("s3cret"))
    }

    @Test func aConfigDirThatIsAFileSaysWhatIsWrong() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try Data("not a directory".utf8).write(to: cli.configDir)
        // Named by EVERYAUTH_CONFIG_DIR (the session's), by --config-dir, or the default location.
        for command in [["identity", "ls"], ["service", "ls"], ["identity", "token", "pagerduty", "--user-id", "bob"]] {
            let result = await cli.run(command)
            #expect(result.status == 64, "\(command)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "everyauth: error: EVERYAUTH_CONFIG_DIR: \(cli.configDir.path) is a file, not a directory; give a directory (it is created when missing)\n")
        }
        let explicit = await cli.run(["identity", "ls", "--config-dir", cli.configDir.path])
        #expect(explicit.status == 64 && explicit.stderr.contains("--config-dir: \(cli.configDir.path) is a file"))
        let home = cli.configDir.deletingLastPathComponent().appendingPathComponent("home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".config"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: home.appendingPathComponent(".config/everyauth"))
        let byDefault = await cli.run(["identity", "ls"], environment: ["EVERYAUTH_CONFIG_DIR": "", "HOME": home.path])
        #expect(byDefault.status == 1 && byDefault.stderr.contains("is a file, not a directory"), "\(byDefault.stderr)")
        #expect(byDefault.stdout.isEmpty)
    }
}
