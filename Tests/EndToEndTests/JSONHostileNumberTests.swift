import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Issue "hostile numbers", as a user meets it: a server that sends a `total` or an error `code`
/// no integer can hold gets one clear line and exit 5 from the built binary, never a crash.
@Suite struct JSONHostileNumberTests {
    static let environment = ["EVERYAUTH_HTTP_TIMEOUT": "5", "NO_PROXY": "*", "no_proxy": "*"]

    /// A CLI session whose `apiUrl` is a server answering every request with `status` and `body`.
    private func session(status: Int, body: String) throws -> (FakeHTTPServer, CLI) {
        let server = try FakeHTTPServer { _ in .json(status, body) }
        let cli = CLI(environment: Self.environment)
        let url = server.baseURL
        try FileStore(directory: cli.configDir).update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "client-1", apiUrl: url)
        }
        return (server, cli)
    }

    @Test(arguments: ["1e400", "1e19", "\"nan\""])
    func aTotalThatIsNotACountIsMalformed(_ total: String) async throws {
        let (server, cli) = try session(status: 200, body: #"{"incidents":[],"limit":100,"offset":0,"more":true,"total":\#(total)}"#)
        defer { server.shutdown(); cli.cleanUp() }
        let result = try await cli.runAsync(["incidents", "list", "--token", "u+key", "--all", "-o", "json"])
        #expect(result.status == 5, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("could not be read") && result.stderr.contains("total"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func anErrorCodeBeyondIntIsMalformed() async throws {
        let (server, cli) = try session(status: 400, body: #"{"error":{"message":"Invalid Input Provided","code":1e19,"errors":["x"]}}"#)
        defer { server.shutdown(); cli.cleanUp() }
        let result = try await cli.runAsync(["incidents", "list", "--token", "u+key", "-o", "json"])
        #expect(result.status == 5, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("could not be read") && result.stderr.contains("code"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    /// What the API sent is what `-o json` prints: no number is rounded on the way through.
    @Test func incidentNumbersComeOutAsSent() async throws {
        let incident = #"{"id":"P1","incident_number":9007199254740993,"weight":1e400,"ratio":1.50,"big":123456789012345678901234567890}"#
        let (server, cli) = try session(status: 200, body: #"{"incidents":[\#(incident)],"limit":25,"offset":0,"more":false,"total":null}"#)
        defer { server.shutdown(); cli.cleanUp() }
        let result = try await cli.runAsync(["incidents", "list", "--token", "u+key", "-o", "ndjson"])
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(result.stdout == #"{"big":123456789012345678901234567890,"id":"P1","incident_number":9007199254740993,"ratio":1.50,"weight":1e400}"# + "\n")
    }
}
