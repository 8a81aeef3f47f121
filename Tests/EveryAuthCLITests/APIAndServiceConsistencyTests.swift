import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Synchronization
import Testing

/// Issue 25 items 7 and 8: `api` writes take the From that incidents writes take, pretty-print on
/// a terminal only, and say what to do after a 405 that fields caused; revocation stays with the
/// token endpoint's server.
@Suite struct APIAndServiceConsistencyTests {
    /// A server that records every request and answers `answer` (200 `{"a":1,"b":[1,2]}` by default).
    final class Recording: Sendable {
        let requests = Recorder<FakeRequest>()
        let server: FakeHTTPServer

        init(_ answer: @escaping @Sendable (FakeRequest) -> FakeResponse = { _ in .json(200, #"{"a":1,"b":[1,2]}"#) }) throws {
            let requests = self.requests
            server = try FakeHTTPServer { request in
                requests.record(request)
                return answer(request)
            }
        }
    }

    static func session(apiURL: String) throws -> InProcessCLI {
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*", "EVERYAUTH_USER_ID": "alice"])
        try cli.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: apiURL)
            document.upsertIdentity(service: .pagerduty, userId: "alice", kind: .apiKey, credential: .apiKey("u+alice"), email: "alice@example.com")
        }
        return cli
    }

    @Test func apiWritesTakeTheStoredFrom() async throws {
        let recording = try Recording()
        defer { recording.server.shutdown() }
        let cli = try Self.session(apiURL: recording.server.baseURL)
        defer { cli.cleanUp() }
        let put = await cli.run(["api", "-X", "PUT", "/incidents/PX1", "-f", "incident[status]=resolved"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(recording.requests.all.last?.header("From") == "alice@example.com")
        let explicit = await cli.run(["api", "-X", "PUT", "/incidents/PX1", "--from", "bob@example.com"])
        #expect(explicit.status == 0 && recording.requests.all.last?.header("From") == "bob@example.com")
        let get = await cli.run(["api", "/users/me"])
        #expect(get.status == 0 && recording.requests.all.last?.header("From") == nil, "no From on reads")
    }

    @Test func apiPrettyPrintsOnATerminalOnly() async throws {
        let recording = try Recording()
        defer { recording.server.shutdown() }
        let cli = try Self.session(apiURL: recording.server.baseURL)
        defer { cli.cleanUp() }
        let piped = await cli.run(["api", "/users/me"])
        #expect(piped.stdout == #"{"a":1,"b":[1,2]}"# + "\n")
        let terminal = await cli.run(["api", "/users/me"], stdoutIsTerminal: true)
        #expect(terminal.stdout.contains("\n  \"a\": 1"), "\(terminal.stdout)")
        #expect(try JSONValue.parse(Data(terminal.stdout.utf8)) == JSONValue.parse(Data(piped.stdout.utf8)))
    }

    @Test func a405AfterFieldsSaysWhatToDo() async throws {
        let recording = try Recording { request in
            request.method == "GET" ? .json(200, "{}") : .json(405, #"{"error":{"message":"Method Not Allowed","code":2100}}"#)
        }
        defer { recording.server.shutdown() }
        let cli = try Self.session(apiURL: recording.server.baseURL)
        defer { cli.cleanUp() }
        let result = await cli.run(["api", "/incidents", "-f", "statuses[]=triggered"])
        #expect(result.status == 5)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("everyauth: error: ") && lines[1].contains("-X GET"), "\(result.stderr)")
        let explicit = await cli.run(["api", "-X", "POST", "/incidents", "-f", "a=b"])
        #expect(explicit.status == 5 && !explicit.stderr.contains("-X GET"), "an explicit POST needs no such hint")
    }

    @Test func revocationStaysWithTheTokenEndpoint() async throws {
        let recording = try Recording { _ in FakeResponse(status: 200) }
        defer { recording.server.shutdown() }
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        defer { cli.cleanUp() }
        let tokenURL = recording.server.baseURL + "/oauth/token"
        #expect(await cli.run(["service", "set", "pagerduty", "--clientId", "c", "--tokenUrl", tokenURL]).status == 0)
        let shown = await cli.run(["service", "get", "pagerduty", "-o", "json"])
        #expect(shown.stdout.contains("\"revocationUrl\" : \"\(recording.server.baseURL)/oauth/revoke\"")
                    || shown.stdout.contains("\"revocationUrl\": \"\(recording.server.baseURL)/oauth/revoke\""), "\(shown.stdout)")
        let keys = await cli.run(["service", "set", "pagerduty", "-o", "json"])
        #expect(keys.stdout.contains("from tokenUrl"), "\(keys.stdout)")
        _ = try cli.store.update { document in
            document.upsertIdentity(service: .pagerduty, userId: "grace", kind: .oauth, credential: Credential(
                accessToken: "access-1", native: ["token_type": .string("bearer")], refreshToken: "refresh-1"))
        }
        let removed = await cli.run(["identity", "rm", "pagerduty", "--user-id", "grace", "--yes", "--revoke"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(recording.requests.all.map(\.path) == ["/oauth/revoke", "/oauth/revoke"], "revoked at the token endpoint's server")
        // An explicit revocationUrl still wins.
        #expect(await cli.run(["service", "set", "pagerduty", "--revocationUrl", "https://revoke.example.com/r"]).status == 0)
        let explicit = await cli.run(["service", "get", "pagerduty"])
        #expect(explicit.stdout.contains("https://revoke.example.com/r"))
    }
}
