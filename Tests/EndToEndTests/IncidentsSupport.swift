import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake

/// A fake PagerDuty REST API and a CLI session whose store points `apiUrl` at it.
struct IncidentsSession {
    static let apiKey = "u+apikey-0123"
    let fake: RESTServer
    let cli: CLI

    init(incidents: Int, change: (inout RESTServer.Settings) -> Void = { _ in }) throws {
        var settings = RESTServer.Settings()
        settings.apiKeys = [Self.apiKey: "PUSR001"]
        change(&settings)
        fake = try RESTServer(incidentCount: incidents, settings: settings)
        cli = CLI()
        let url = fake.baseURL
        try FileStore(directory: cli.configDir).update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "client-1", apiUrl: url)
        }
    }

    /// `everyauth incidents list ARGS` with the API key.
    func list(_ arguments: [String], timeout: TimeInterval = 120) async throws -> CLIResult {
        try await run(["incidents", "list", "--token", Self.apiKey] + arguments, timeout: timeout)
    }

    /// Runs the CLI off the concurrency pool.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], timeout: TimeInterval = 120) async throws -> CLIResult {
        try await cli.runAsync(arguments, stdin: stdin, environment: environment, timeout: timeout)
    }

    /// The query pairs of the last `GET /incidents`, without limit/offset/total.
    var lastFilter: [String] {
        (fake.incidentQueries.last ?? []).filter { !["limit", "offset", "total"].contains($0.0) }.map { "\($0.0)=\($0.1)" }
    }

    /// Parsed ndjson lines.
    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    func close() {
        fake.shutdown()
        cli.cleanUp()
    }
}
