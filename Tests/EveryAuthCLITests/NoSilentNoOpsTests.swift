import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Issue 25 item 9: nothing that went wrong looks like nothing to do.
@Suite struct NoSilentNoOpsTests {
    static let key = "u+quiet"

    static func session() throws -> (RESTServer, InProcessCLI) {
        var settings = RESTServer.Settings()
        settings.apiKeys = [key: "PUSR001"]
        let fake = try RESTServer(incidentCount: 6, settings: settings)
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        let url = fake.baseURL
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: url) }
        return (fake, cli)
    }

    @Test func aFieldsPathThatMatchedNothingIsAWarning() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let result = await cli.run(["incidents", "list", "--token", Self.key, "--fields", "id,servce.summary", "-o", "csv"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning") && result.stderr.contains("'servce.summary' matched nothing"), "\(result.stderr)")
        #expect(!result.stderr.contains("'id'"))
        let fine = await cli.run(["incidents", "list", "--token", Self.key, "--fields", "id,service.summary", "-o", "csv"])
        #expect(fine.status == 0 && fine.stderr.isEmpty, "\(fine.stderr)")
    }

    @Test func anEmptyListingSaysSoOnATerminal() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let empty = ["incidents", "list", "--token", Self.key, "--since", "2020-01-01", "--until", "2020-01-02"]
        let terminal = await cli.run(empty, stderrIsTerminal: true)
        #expect(terminal.status == 0 && terminal.stderr.contains("No incidents match."), "\(terminal.stderr)")
        let piped = await cli.run(empty + ["-o", "tsv"])
        #expect(piped.status == 0 && piped.stderr.isEmpty)
    }

    @Test func aWindowThatCannotMatchIsAUsageErrorBeforeAnyRequest() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let future = await cli.run(["incidents", "list", "--token", Self.key, "--since", "2099-01-01"])
        #expect(future.status == 64 && future.stderr.contains("in the future"), "\(future.stderr)")
        let reversed = await cli.run(["incidents", "list", "--token", Self.key, "--since", "2026-02-01", "--until", "2026-01-01"])
        #expect(reversed.status == 64 && reversed.stderr.contains("--since must be before --until"), "\(reversed.stderr)")
        #expect(fake.requestCount == 0)
    }

    @Test func aBrowserThatFailsIsReportedWithTheAddress() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let number = try #require(fake.incidents.first).number
        let result = await cli.run(["incidents", "open", "\(number)", "--token", Self.key], environment: ["BROWSER": "false"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("https://"), "the address is printed: \(result.stdout)")
        #expect(result.stderr.contains("warning") && result.stderr.contains("'false' exited with status 1"), "\(result.stderr)")
    }
}
