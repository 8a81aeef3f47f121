import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Issue 25 items 2 and 3: every command that names an incident takes its id or its number (`972`,
/// `#972`), an unknown incident is exit 2 in every one of them, and an argument that is neither an
/// id nor a number is a usage error before any request.
@Suite struct IncidentReferenceTests {
    static let key = "u+refs"
    static let writes = ["--token", key, "--from", "oncall@example.com"]

    static func session(incidents: Int = 12) throws -> (RESTServer, InProcessCLI) {
        var settings = RESTServer.Settings()
        settings.apiKeys = [key: "PUSR001"]
        let fake = try RESTServer(incidentCount: incidents, settings: settings)
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*", "BROWSER": "true"])
        let url = fake.baseURL
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: url) }
        return (fake, cli)
    }

    static func incident(_ fake: RESTServer, status: String, skipping: Int = 0) throws -> FakeIncident {
        try #require(fake.incidents.filter { $0.status == status }.dropFirst(skipping).first, "no \(status) incident")
    }

    @Test func everyCommandTakesANumber() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let shown = try Self.incident(fake, status: "triggered")
        for name in ["\(shown.number)", "#\(shown.number)"] {
            let show = await cli.run(["incidents", "show", name, "-o", "json", "--token", Self.key])
            #expect(show.status == 0 && show.stdout.contains("\"\(shown.id)\""), "show \(name): \(show.stderr)")
        }
        let open = await cli.run(["incidents", "open", "#\(shown.number)", "--token", Self.key])
        #expect(open.status == 0 && open.stdout.contains(shown.id), "\(open.stderr)")
        let log = await cli.run(["incidents", "log", "\(shown.number)", "-o", "json", "--token", Self.key])
        #expect(log.status == 0, "\(log.stderr)")
        let note = await cli.run(["incidents", "note", "#\(shown.number)", "checking the disk"] + Self.writes)
        #expect(note.status == 0, "\(note.stderr)")
        let notes = await cli.run(["incidents", "notes", "\(shown.number)", "-o", "json", "--token", Self.key])
        #expect(notes.status == 0 && notes.stdout.contains("checking the disk"), "\(notes.stderr)")

        let acknowledged = await cli.run(["incidents", "ack", "#\(shown.number)"] + Self.writes)
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(fake.incidents.first { $0.id == shown.id }?.status == "acknowledged")
        let snoozed = await cli.run(["incidents", "snooze", "#\(shown.number)", "--for", "1h"] + Self.writes)
        #expect(snoozed.status == 0, "\(snoozed.stderr)")
        let reassigned = await cli.run(["incidents", "reassign", "\(shown.number)", "--to-user", "PUSR002"] + Self.writes)
        #expect(reassigned.status == 0, "\(reassigned.stderr)")

        let other = try Self.incident(fake, status: "triggered", skipping: 1)
        let merged = await cli.run(["incidents", "merge", "#\(shown.number)", "\(other.number)"] + Self.writes)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(fake.incidents.first { $0.id == other.id }?.status == "resolved")
        let resolved = await cli.run(["incidents", "resolve", "#\(shown.number)"] + Self.writes)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(fake.incidents.first { $0.id == shown.id }?.status == "resolved")
    }

    @Test(arguments: ["PNOPE42", "#9999", "9999"])
    func anUnknownIncidentIsExit2Everywhere(_ unknown: String) async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let known = try Self.incident(fake, status: "triggered")
        let commands: [[String]] = [
            ["incidents", "show", unknown, "--token", Self.key],
            ["incidents", "open", unknown, "--token", Self.key],
            ["incidents", "log", unknown, "--token", Self.key],
            ["incidents", "notes", unknown, "--token", Self.key],
            ["incidents", "note", unknown, "text"] + Self.writes,
            ["incidents", "snooze", unknown, "--for", "1h"] + Self.writes,
            ["incidents", "ack", unknown] + Self.writes,
            ["incidents", "resolve", unknown] + Self.writes,
            ["incidents", "reassign", unknown, "--to-user", "PUSR002"] + Self.writes,
            ["incidents", "merge", unknown, known.id] + Self.writes,
            ["incidents", "merge", known.id, unknown] + Self.writes,
        ]
        for command in commands {
            let result = await cli.run(command)
            #expect(result.status == 2, "\(command.prefix(3).joined(separator: " ")): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(unknown), "\(command.prefix(3)): \(result.stderr)")
        }
        #expect(fake.incidents.first { $0.id == known.id }?.status == "triggered", "nothing changed")
    }

    @Test func anArgumentThatIsNeitherIsAUsageErrorBeforeAnyRequest() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        for bad in ["../users", "P 1", "#", "#12a", "", "0", "#-3"] {
            for command in [["incidents", "show", bad, "--token", Self.key], ["incidents", "ack", bad] + Self.writes,
                            ["incidents", "merge", "PX1", bad] + Self.writes] {
                let result = await cli.run(command)
                #expect(result.status == 64, "\(bad.debugDescription) in \(command.prefix(2)): \(result.stderr)")
            }
        }
        #expect(fake.requestCount == 0)
    }

    @Test func referencesReadAsPeopleWriteThem() throws {
        #expect(try IncidentReference(parsing: "972") == .number(972))
        #expect(try IncidentReference(parsing: "#972") == .number(972))
        #expect(try IncidentReference(parsing: "PT4KHLK") == .id("PT4KHLK"))
        #expect(try IncidentReference(parsing: "Q1b") == .id("Q1b"))
        #expect(IncidentReference.number(972).description == "#972")
        #expect(throws: InvalidInput.self) { try IncidentReference(parsing: "PT4/KHLK") }
    }
}
