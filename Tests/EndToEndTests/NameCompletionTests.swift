import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Names of services and schedules complete from PagerDuty with the credential a command would
/// use, kept 10 minutes in a cache, and a slow PagerDuty never holds the shell past about a second.
@Suite struct NameCompletionTests {
    @Test func servicesAndSchedulesCompleteFromPagerDutyThenFromTheCache() async throws {
        let session = try IncidentsSession(incidents: 1)
        defer { session.close() }
        let cache = session.cli.configDir.appendingPathComponent("cache")
        let environment = ["EVERYAUTH_CONFIG_DIR": session.cli.configDir.path, "PAGERDUTY_TOKEN": IncidentsSession.apiKey,
                           "XDG_CACHE_HOME": cache.path]
        let (services, stderr) = try await DocsCompletionTests.bashComplete(["everyauth", "incidents", "list", "--service", ""], environment: environment)
        #expect(stderr.isEmpty, "\(stderr)")
        // A name with a space is offered as its id: a shell word cannot hold it unquoted.
        #expect(services.contains("PSVC001") && services.contains("Search") && !services.contains("Checkout API"), "\(services)")
        let asked = session.fake.requestCount
        let (again, _) = try await DocsCompletionTests.bashComplete(["everyauth", "incidents", "list", "--service", "Se"], environment: environment)
        #expect(again == ["Search"])
        #expect(session.fake.requestCount == asked, "the second completion asked PagerDuty again")
        let file = try String(contentsOf: cache.appendingPathComponent("everyauth/names.json"), encoding: .utf8)
        #expect(!file.contains(IncidentsSession.apiKey))

        let (schedules, _) = try await DocsCompletionTests.bashComplete(["everyauth", "schedules", "show", ""], environment: environment)
        #expect(schedules.contains("Primary") && schedules.contains("Secondary") && schedules.contains("PSCHED3"), "\(schedules)")
    }

    @Test func hostileNamesAndIdsNeverReachTheShellAsCode() async throws {
        let session = try IncidentsSession(incidents: 1)
        defer { session.close() }
        session.fake.directory.addService(.init(id: "PEVIL01", name: "$(touch pwned)", escalationPolicyID: "PEP0001", teamIDs: []))
        session.fake.directory.addService(.init(id: "`touch pwned`", name: "a b", escalationPolicyID: "PEP0001", teamIDs: []))
        let environment = ["EVERYAUTH_CONFIG_DIR": session.cli.configDir.path, "PAGERDUTY_TOKEN": IncidentsSession.apiKey,
                           "XDG_CACHE_HOME": session.cli.configDir.appendingPathComponent("cache").path]
        let (replies, _) = try await DocsCompletionTests.bashComplete(["everyauth", "services", "show", ""], environment: environment)
        #expect(replies.contains("PEVIL01"), "\(replies)")
        #expect(!replies.contains { $0.contains("$") || $0.contains("`") || $0.contains(" ") }, "\(replies)")
    }

    @Test func aPagerDutyThatDoesNotAnswerIsNotWaitedFor() async throws {
        // PagerDuty answers after two minutes: a completion that waited for it would take that long.
        let session = try IncidentsSession(incidents: 1) { $0.latency = 120 }
        defer { session.close() }
        let cache = session.cli.configDir.appendingPathComponent("cache")
        let environment = ["EVERYAUTH_CONFIG_DIR": session.cli.configDir.path, "PAGERDUTY_TOKEN": IncidentsSession.apiKey, "XDG_CACHE_HOME": cache.path]
        let start = Date()
        let (replies, stderr) = try await DocsCompletionTests.bashComplete(["everyauth", "schedules", "show", ""], environment: environment)
        let waited = Date().timeIntervalSince(start)
        #expect(replies.isEmpty, "\(replies)")
        #expect(stderr.isEmpty, "\(stderr)")
        #expect(session.fake.requestCount == 1, "PagerDuty was not asked")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("everyauth/names.json").path))
        // The budget is 1 s; the margin is for a loaded machine, far below PagerDuty's two minutes.
        #expect(waited < 90, "completion took \(waited) s")
    }
}
