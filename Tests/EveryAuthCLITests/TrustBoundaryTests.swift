import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Synchronization
import Testing

/// Issue 23: the rules that keep one user's credential from another, secrets off the terminal and
/// server text out of the terminal's control, as the commands apply them.
@Suite struct TrustBoundaryTests {
    static let kelvinKelly = "\u{212A}elly"
    static let network = ["NO_PROXY": "*", "no_proxy": "*"]

    // MARK: - Identity keys (item 2)

    @Test func lookAlikeUserIDsAreTwoIdentities() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        #expect(await cli.run(["identity", "add", "pagerduty", "--user-id", "Kelly", "--token", "-"], stdin: "u+real-kelly").status == 0)
        let kelvin = await cli.run(["identity", "add", "pagerduty", "--user-id", Self.kelvinKelly, "--token", "-"], stdin: "u+kelvin")
        #expect(kelvin.status == 0, "\(kelvin.stderr)")
        let stored = try cli.identities()
        #expect(stored.count == 2)
        #expect(Set(stored.map { Array($0.userId.utf8) }) == [Array("Kelly".utf8), Array(Self.kelvinKelly.utf8)])
        let real = await cli.run(["identity", "token", "pagerduty", "--user-id", "Kelly"])
        #expect(real.stdout == "u+real-kelly\n", "\(real.stderr)")
        let lookAlike = await cli.run(["identity", "token", "pagerduty", "--user-id", Self.kelvinKelly])
        #expect(lookAlike.stdout == "u+kelvin\n", "\(lookAlike.stderr)")
    }

    @Test func aDecomposedAccentDoesNotFindThePrecomposedOne() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        #expect(await cli.run(["identity", "add", "pagerduty", "--user-id", "ren\u{E9}", "--token", "-", "--tag", "team=caf\u{E9}"], stdin: "u+rene").status == 0)
        let decomposed = await cli.run(["identity", "token", "pagerduty", "--user-id", "rene\u{301}"])
        #expect(decomposed.status == 3, "no identity for that user id: authorize it (\(decomposed.stderr))")
        #expect(decomposed.stdout.isEmpty)
        let byTag = await cli.run(["identity", "token", "pagerduty", "--tag", "team=cafe\u{301}"])
        #expect(byTag.status == 2 && byTag.stdout.isEmpty, "\(byTag.stderr)")
        let exact = await cli.run(["identity", "token", "pagerduty", "--tag", "team=caf\u{E9}"])
        #expect(exact.stdout == "u+rene\n", "\(exact.stderr)")
        let listed = await cli.run(["identity", "ls", "--user-id", "rene\u{301}", "-o", "json"])
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(listed.stdout)")
    }

    @Test func userIDsBreakingTheRuleAreUsageErrorsAndStoreNothing() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let long = String(repeating: "a", count: 257)
        let cases: [(String, String)] = [(long, "257 bytes"), ("bad\u{1B}[31m", "control character"), ("tab\there", "control character"), ("  ", "empty")]
        for (userId, problem) in cases {
            let result = await cli.run(["identity", "add", "pagerduty", "--user-id", userId, "--token", "-"], stdin: "u+key")
            #expect(result.status == 64, "\(userId.debugDescription): \(result.stderr)")
            #expect(result.stderr.contains("--user-id") && result.stderr.contains(problem), "\(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"))
        }
        #expect(try cli.identities().isEmpty)
        // 256 bytes exactly is a user id (128 two-byte characters).
        let longest = String(repeating: "\u{E9}", count: 128)
        #expect(await cli.run(["identity", "add", "pagerduty", "--user-id", longest, "--token", "-"], stdin: "u+key").status == 0)
        let variable = await cli.run(["identity", "token", "pagerduty"], environment: ["EVERYAUTH_USER_ID": "x\u{7}y"])
        #expect(variable.status == 64 && variable.stderr.contains("EVERYAUTH_USER_ID"), "\(variable.stderr)")
        let lookup = await cli.run(["identity", "token", "pagerduty", "--user-id", long])
        #expect(lookup.status == 64, "\(lookup.stderr)")
    }

    // MARK: - Secrets an endpoint echoes (item 4)

    /// An OAuth endpoint that refuses every request and quotes the form it got, in JSON and in text.
    static func echoingEndpoint() throws -> FakeHTTPServer {
        try FakeHTTPServer { request in
            let form = String(decoding: request.body, as: UTF8.self)
            return .json(400, object: ["error": "invalid_request \(form)", "error_description": "you sent: \(form)"])
        }
    }

    @Test func revocationNeverPrintsWhatWasSent() async throws {
        let echo = try Self.echoingEndpoint()
        defer { echo.shutdown() }
        let cli = InProcessCLI(environment: Self.network)
        defer { cli.cleanUp() }
        try cli.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "cid", clientSecret: "s3cret-client", revocationUrl: echo.baseURL + "/oauth/revoke")
            document.upsertIdentity(service: .pagerduty, userId: "grace", kind: .oauth, credential: Credential(
                accessToken: "access-grace-123", native: ["token_type": .string("bearer")], refreshToken: "refresh-grace-456"))
        }
        let result = await cli.run(["identity", "rm", "pagerduty", "--user-id", "grace", "-q", "--revoke"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("revocation endpoint refused"), "\(result.stderr)")
        #expect(result.stderr.contains("***"), "the echo is shown redacted: \(result.stderr)")
        for secret in ["s3cret-client", "refresh-grace-456", "access-grace-123"] {
            #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret), "\(secret) printed: \(result.stderr)")
        }
        #expect(try cli.identities().count == 1)
    }

    @Test func clientCredentialsNeverPrintWhatWasSent() async throws {
        let echo = try Self.echoingEndpoint()
        defer { echo.shutdown() }
        let cli = InProcessCLI(environment: Self.network)
        defer { cli.cleanUp() }
        try cli.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "cid", clientSecret: "s3cret-client", tokenUrl: echo.baseURL + "/oauth/token")
        }
        let result = await cli.run(["authorize", "pagerduty", "--client-credentials", "--scope", "as_account-us.acme"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("token endpoint refused"), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cret-client"), "\(result.stderr)")
    }

    // MARK: - Pagination that does not end (item 10)

    @Test func paginationThatRepeatsItsOffsetStops() async throws {
        let requests = Counter()
        let server = try FakeHTTPServer { _ in
            requests.add()
            // Whatever offset is asked for, the first page again, still with more to come (until a
            // client that never stops has sent 50, so that the test ends either way).
            return .json(200, object: ["incidents": [["id": "P1"]], "offset": 0, "limit": 1, "more": requests.value < 50])
        }
        defer { server.shutdown() }
        let cli = try Self.apiSession(server)
        defer { cli.cleanUp() }
        let result = await cli.run(["api", "/incidents", "--paginate", "--token", "u+key", "-o", "ndjson"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("repeats itself"), "\(result.stderr)")
        #expect(requests.value <= 3, "\(requests.value) requests")
        #expect(result.stdout.split(separator: "\n").count == requests.value)
    }

    @Test func paginationWhoseCursorComesBackStops() async throws {
        let requests = Counter()
        let server = try FakeHTTPServer { request in
            requests.add()
            let cursor = request.queryItems.first { $0.0 == "cursor" }?.1
            // c1 → c2 → c1: a cycle of two cursors (ended after 50 requests either way).
            let next = requests.value >= 50 ? "" : (cursor == "c1" ? "c2" : "c1")
            return .json(200, object: ["records": [["id": "R\(requests.value)"]], "next_cursor": next])
        }
        defer { server.shutdown() }
        let cli = try Self.apiSession(server)
        defer { cli.cleanUp() }
        let result = await cli.run(["api", "/audit/records", "--paginate", "--token", "u+key", "-o", "ndjson"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(requests.value == 3, "\(requests.value) requests")
    }

    @Test func aLegitimatePaginationStillEnds() async throws {
        let server = try FakeHTTPServer { request in
            let offset = Int(request.queryItems.first { $0.0 == "offset" }?.1 ?? "0") ?? 0
            return .json(200, object: ["incidents": [["id": "P\(offset)"]], "offset": offset, "limit": 1, "more": offset < 4])
        }
        defer { server.shutdown() }
        let cli = try Self.apiSession(server)
        defer { cli.cleanUp() }
        let result = await cli.run(["api", "/incidents", "--paginate", "--token", "u+key", "-o", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 5)
    }

    // MARK: - Terminal and browser sinks (item 11)

    static let hostileTitle = "Disk \u{1B}]8;;https://evil.example\u{7}full\u{1B}]8;;\u{7} \u{1B}[2J\u{9B}31m"

    /// A PagerDuty that serves one incident whose page address and title are `htmlURL` and `title`.
    static func incidentServer(htmlURL: String, title: String = hostileTitle) throws -> FakeHTTPServer {
        try FakeHTTPServer { _ in
            .json(200, object: ["incident": [
                "id": "PX1", "incident_number": 7, "title": title, "status": "triggered", "urgency": "high",
                "html_url": htmlURL, "created_at": "2026-12-01T00:00:00Z",
            ] as [String: Any]])
        }
    }

    @Test func incidentsOpenRefusesAnAddressWithControlsOrAnotherScheme() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let opened = directory.appendingPathComponent("opened")
        let browser = directory.appendingPathComponent("browser.sh")
        try "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '\(opened.path)'\n".write(to: browser, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: browser.path)

        for hostile in ["https://example.pagerduty.com/incidents/PX1\u{1B}]8;;https://evil.example\u{7}x", "javascript:alert(1)",
                        "file:///etc/passwd", "https://example.pagerduty.com/incidents/PX1 extra"] {
            let server = try Self.incidentServer(htmlURL: hostile)
            defer { server.shutdown() }
            let cli = try Self.apiSession(server)
            defer { cli.cleanUp() }
            let result = await cli.run(["incidents", "open", "PX1", "--token", "u+key"], environment: ["BROWSER": browser.path],
                                       stdoutIsTerminal: true, stderrIsTerminal: true)
            #expect(result.status == 5, "\(hostile.debugDescription): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("evil"), "\(result.stderr.debugDescription)")
        }
        // The same command opens a plain address: the refusals above were not a broken browser.
        let server = try Self.incidentServer(htmlURL: "https://example.pagerduty.com/incidents/PX1")
        defer { server.shutdown() }
        let cli = try Self.apiSession(server)
        defer { cli.cleanUp() }
        let good = await cli.run(["incidents", "open", "PX1", "--token", "u+key"], environment: ["BROWSER": browser.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout == "https://example.pagerduty.com/incidents/PX1\n")
        var seen = ""
        for _ in 0..<100 where seen.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            seen = (try? String(contentsOf: opened, encoding: .utf8)) ?? ""
        }
        #expect(seen == "https://example.pagerduty.com/incidents/PX1\n", "the browser got: \(seen.debugDescription)")
    }

    @Test(arguments: ["tsv", "csv", "table"])
    func serverTextReachesATerminalOnlySanitized(format: String) async throws {
        let server = try Self.incidentServer(htmlURL: "https://example.pagerduty.com/incidents/PX1")
        defer { server.shutdown() }
        let cli = try Self.apiSession(server)
        defer { cli.cleanUp() }
        let shown = await cli.run(["incidents", "show", "PX1", "--token", "u+key", "-o", format], stdoutIsTerminal: true)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Disk"), "\(shown.stdout)")
        #expect(!shown.stdout.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && ControlCharacter.isControl($0) },
                "\(format) on a terminal: \(shown.stdout.debugDescription)")
        // In a pipe the data stays exact (TSV escapes only its own separators).
        let piped = await cli.run(["incidents", "show", "PX1", "--token", "u+key", "-o", "json"])
        #expect(piped.stdout.contains("\\u001b]8;;https://evil.example"), "\(piped.stdout)")
    }

    // MARK: - Secrets on the command line (item 12)

    @Test func aClientSecretOnTheCommandLineIsWarnedAbout() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let typed = await cli.run(["service", "set", "pagerduty", "--clientId", "cid", "--clientSecret", "s3cret"])
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(typed.stderr.contains("warning") && typed.stderr.contains("--clientSecret -"), "\(typed.stderr)")
        #expect(!typed.stderr.contains("s3cret"))
        let piped = await cli.run(["service", "set", "pagerduty", "--clientSecret", "-"], stdin: "s3cret")
        #expect(piped.status == 0 && !piped.stderr.contains("warning"), "\(piped.stderr)")
    }

    // MARK: - Support

    static func apiSession(_ server: FakeHTTPServer) throws -> InProcessCLI {
        let cli = InProcessCLI(environment: network)
        let url = server.baseURL
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: url) }
        return cli
    }
}

/// A thread-safe count of requests a test server answered.
final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
