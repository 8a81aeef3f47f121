@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// One behaviour per concept across every command (issue 25): the tests walk the parser's command
/// tree, so a new command that breaks a rule (or is not listed here at all) fails them.
@Suite struct CommandConformanceTests {
    /// A leaf command of the tree as `--experimental-dump-help` describes it.
    struct Command: Sendable, CustomTestStringConvertible {
        let path: [String]
        /// The `-o` values its help lists, nil when it has no `-o`.
        let formats: [String]?
        /// Its positionals' value names and its flags' long names.
        let positionals: [String]
        let longNames: [String]
        let shortNames: [String]

        var name: String { path.joined(separator: " ") }
        var testDescription: String { name }
    }

    /// Every leaf command, from the parser itself.
    static let commands: [Command] = {
        let streams = CommandStreams(stdin: .text(""), stdout: .memory(), stderr: .memory())
        let semaphore = DispatchSemaphore(value: 0)
        Task.detached {
            _ = await CommandRunner.run(["--experimental-dump-help"], environment: [:], streams: streams)
            semaphore.signal()
        }
        semaphore.wait()
        guard let tree = (try? JSONSerialization.jsonObject(with: Data(streams.stdout.text.utf8))) as? [String: Any],
              let root = tree["command"] as? [String: Any] else { return [] }
        var found: [Command] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty, path != ["help"] {
                let arguments = command["arguments"] as? [[String: Any]] ?? []
                func names(_ argument: [String: Any], _ kind: String) -> [String] {
                    (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == kind }.compactMap { $0["name"] as? String }
                }
                let output = arguments.first { names($0, "long").contains("output") }
                found.append(Command(
                    path: path, formats: output.map { $0["allValues"] as? [String] ?? [] },
                    positionals: arguments.filter { $0["kind"] as? String == "positional" }.compactMap { $0["valueName"] as? String },
                    longNames: arguments.flatMap { names($0, "long") }, shortNames: arguments.flatMap { names($0, "short") }))
            }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? ""]) }
        }
        walk(root, [])
        return found
    }()

    /// How each command runs to success against the fake. `{n}` is an incident number, `{ack}` an
    /// acknowledged incident's number, `{t1}`/`{t2}` two triggered ones'; nil: the command waits
    /// for a browser, a signal or a listener, or runs a child process, so its formats are checked
    /// by parsing alone.
    static let invocations: [String: [String]?] = [
        "service set": ["service", "set", "pagerduty"],
        "service get": ["service", "get", "pagerduty"],
        "service ls": ["service", "ls"],
        "service rm": ["service", "rm", "pagerduty", "--yes"],
        "authorize": nil,
        "identity ls": ["identity", "ls"],
        "identity get": ["identity", "get", "pagerduty", "--user-id", "alice"],
        "identity token": ["identity", "token", "pagerduty", "--user-id", "alice"],
        "identity add": ["identity", "add", "pagerduty", "--user-id", "bob", "--token", "u+bob"],
        "identity rm": ["identity", "rm", "pagerduty", "--user-id", "alice", "--yes"],
        "identity status": ["identity", "status"],
        "identity check": ["identity", "check", "pagerduty", "--user-id", "alice"],
        "identity refresh": ["identity", "refresh", "pagerduty", "--user-id", "carol"],
        "identity switch": ["identity", "switch", "pagerduty", "--user-id", "alice"],
        "incidents list": ["incidents", "list"],
        "incidents show": ["incidents", "show", "{n}"],
        "incidents ack": ["incidents", "ack", "{t1}"],
        "incidents resolve": ["incidents", "resolve", "{n}"],
        "incidents reassign": ["incidents", "reassign", "{n}", "--to-user", "PUSR002"],
        "incidents snooze": ["incidents", "snooze", "{ack}", "--for", "1h"],
        "incidents note": ["incidents", "note", "{n}", "a note"],
        "incidents notes": ["incidents", "notes", "{n}"],
        "incidents merge": ["incidents", "merge", "{t1}", "{t2}"],
        "incidents log": ["incidents", "log", "{n}"],
        "incidents open": ["incidents", "open", "{n}"],
        "incidents watch": nil,
        "incidents create": ["incidents", "create", "--service", "Checkout API", "--title", "Disk full on db-1", "--priority", "P1", "--urgency", "high"],
        "incidents update": ["incidents", "update", "{n}", "--priority", "P2", "--title", "Renamed"],
        "oncall": ["oncall"],
        "schedules list": ["schedules", "list"],
        "schedules show": ["schedules", "show", "Primary", "--me"],
        "schedules override": ["schedules", "override", "primary", "--user", "bob@example.com", "--start", "+1d", "--end", "+1d8h", "--yes"],
        "schedules overrides": ["schedules", "overrides", "Primary"],
        "schedules override-rm": ["schedules", "override-rm", "Primary", "{override}", "--yes"],
        "services list": ["services", "list"],
        "services show": ["services", "show", "checkout api"],
        "users list": ["users", "list"],
        "users show": ["users", "show", "bob@example.com"],
        "users me": ["users", "me"],
        "teams list": ["teams", "list"],
        "escalation-policies list": ["escalation-policies", "list"],
        "escalation-policies show": ["escalation-policies", "show", "Checkout Escalation"],
        "maintenance-windows list": ["maintenance-windows", "list"],
        "maintenance-windows create": ["maintenance-windows", "create", "--service", "Search", "--for", "2h", "--description", "Reindex"],
        "maintenance-windows end": ["maintenance-windows", "end", "{window}"],
        "api": ["api", "/users/me"],
        // Runs a child and sets signal handlers for the whole process: end to end only (ExecTests).
        "exec": nil,
        "store info": ["store", "info"],
        "store migrate": ["store", "migrate", "--to", "{dir}"],
        "store rekey": ["store", "rekey"],
        "serve": nil,
        "version": ["version"],
    ]

    /// A fresh session: the fake PagerDuty, a configured service, alice's key (the default user),
    /// carol's OAuth identity (refreshable at the fake's token endpoint), and a From email.
    final class Session: Sendable {
        let fake: RESTServer
        let oauth: OAuthServer
        let cli: InProcessCLI
        let spare: URL

        init() throws {
            oauth = OAuthServer(clients: [.init(id: "client-1", secret: "s3cret", redirectURIs: [])])
            var settings = RESTServer.Settings()
            settings.apiKeys = ["u+alice": "PUSR001", "u+bob": "PUSR002"]
            fake = try RESTServer(incidentCount: 12, settings: settings, oauth: oauth)
            // An override and a maintenance window a day ahead, for the commands that remove or end one.
            let tomorrow = Int(Date().timeIntervalSince1970) + 86_400
            fake.directory.addOverride(.init(id: "PORD900", scheduleID: "PSCHED1", start: tomorrow, end: tomorrow + 3_600, userID: "PUSR002"))
            fake.directory.addMaintenanceWindow(.init(id: "PMW0900", sequenceNumber: 900, start: tomorrow, end: tomorrow + 3_600,
                                                      description: "Planned", serviceIDs: ["PSVC001"]))
            spare = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-conformance-\(UUID().uuidString)")
            cli = InProcessCLI(environment: [
                "NO_PROXY": "*", "no_proxy": "*", "BROWSER": "true", "PAGERDUTY_FROM": "oncall@example.com", "EVERYAUTH_USER_ID": "alice",
                // Every command runs with a store key: the store is written plaintext below and
                // read (and, where a command writes, encrypted) through the key.
                "EVERYAUTH_STORE_KEY": "conformance:" + Data(repeating: 7, count: 32).base64EncodedString(),
            ])
            let url = fake.baseURL
            let tokens = oauth.issueTokens(clientId: "client-1")
            try cli.store.update { document in
                document.services["pagerduty"] = ServiceSettings(clientId: "client-1", clientSecret: "s3cret", tokenUrl: url + "/oauth/token", apiUrl: url)
                document.upsertIdentity(service: .pagerduty, userId: "alice", kind: .apiKey, credential: .apiKey("u+alice"), tags: ["team": "web"])
                document.upsertIdentity(service: .pagerduty, userId: "carol", kind: .oauth, credential: Credential(
                    accessToken: tokens.accessToken, native: ["token_type": .string("bearer")], refreshToken: tokens.refreshToken))
            }
        }

        /// `template` with its placeholders filled from the fake's incidents.
        func arguments(_ template: [String]) throws -> [String] {
            let byStatus = { (status: String) in self.fake.incidents.filter { $0.status == status }.map { String($0.number) } }
            let triggered = byStatus("triggered"), acknowledged = byStatus("acknowledged")
            let values: [String: String?] = ["{n}": triggered.last, "{t1}": triggered.first, "{t2}": triggered.dropFirst().first,
                          "{ack}": acknowledged.first, "{dir}": spare.path, "{override}": "PORD900", "{window}": "PMW0900"]
            return try template.map { word in
                guard let value = values[word] else { return word }
                return try #require(value, "the fake has no incident for \(word)")
            }
        }

        func close() {
            fake.shutdown()
            cli.cleanUp()
            try? FileManager.default.removeItem(at: spare)
        }
    }

    @Test func everyCommandIsListedHere() {
        #expect(Self.commands.count > 25, "the tree was not read")
        for command in Self.commands {
            #expect(Self.invocations.keys.contains(command.name), "\(command.name) is not in the conformance list: add how it runs")
        }
    }

    @Test(arguments: commands.filter { $0.formats != nil })
    func everyListedFormatIsAccepted(_ command: Command) async throws {
        let formats = try #require(command.formats)
        #expect(!formats.isEmpty, "\(command.name): -o lists nothing")
        for format in formats {
            guard let template = Self.invocations[command.name], let template else {
                // Waits for a browser or a signal: parsing (which runs validate()) must accept it.
                let base = command.path + (command.name == "authorize" ? ["pagerduty"] : [])
                #expect(throws: Never.self, "\(command.name) -o \(format)") { _ = try RootCommand.parseAsRoot(base + ["-o", format]) }
                continue
            }
            let session = try Session()
            defer { session.close() }
            let result = await session.cli.run(try session.arguments(template) + ["-o", format])
            #expect(result.status == 0, "\(command.name) -o \(format): \(result.status) \(result.stderr)")
        }
    }

    @Test(arguments: commands.filter { Self.invocations[$0.name].flatMap { $0 } != nil })
    func everyCommandRunsAsListed(_ command: Command) async throws {
        let session = try Session()
        defer { session.close() }
        let template = try #require(Self.invocations[command.name].flatMap { $0 })
        let result = await session.cli.run(try session.arguments(template))
        #expect(result.status == 0, "\(command.name): \(result.status) \(result.stderr)")
        // The contract: every request a command sends is one PagerDuty's API document accepts (the
        // fake records each answer it gave because the client broke it).
        #expect(session.fake.refusals.isEmpty, "\(command.name) sent what PagerDuty refuses: \(session.fake.refusals)")
    }

    @Test(arguments: commands.filter { $0.positionals.contains("incident") })
    func everyCommandNamingAnIncidentTakesItsNumber(_ command: Command) throws {
        let template = try #require(Self.invocations[command.name].flatMap { $0 }, "\(command.name) names an incident and must run")
        #expect(template.contains { ["{n}", "{t1}", "{ack}"].contains($0) }, "\(command.name) is not run with a number")
    }

    /// SPEC §6: csv and tsv headers are the JSON keys, the same in every command.
    @Test(arguments: commands.filter { $0.formats?.contains("csv") == true && Self.invocations[$0.name].flatMap { $0 } != nil })
    func csvHeadersAreTheJSONKeys(_ command: Command) async throws {
        let template = try #require(Self.invocations[command.name].flatMap { $0 })
        let csvSession = try Session()
        defer { csvSession.close() }
        let csv = await csvSession.cli.run(try csvSession.arguments(template) + ["-o", "csv"])
        let jsonSession = try Session()
        defer { jsonSession.close() }
        let json = await jsonSession.cli.run(try jsonSession.arguments(template) + ["-o", "json"])
        guard let header = csv.stdout.split(separator: "\n").first, !header.isEmpty else { return }
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
        let objects = (parsed as? [[String: Any]]) ?? [(parsed as? [String: Any]) ?? [:]]
        let keys = Set(objects.flatMap { $0.keys })
        guard !keys.isEmpty else { return }
        // A column is a JSON key, or a dotted path into one (`service.summary`, as --fields takes it).
        for name in header.split(separator: ",").map(String.init) {
            let key = String(name.split(separator: ".").first ?? "")
            #expect(keys.contains(key), "\(command.name): csv column '\(name)' is not a JSON key of \(keys.sorted())")
        }
    }

    /// Every table fits an 80-column terminal with the fake's data (issue 25 item 4).
    @Test(arguments: commands.filter { $0.formats?.contains("table") == true && Self.invocations[$0.name].flatMap { $0 } != nil })
    func everyTableFits80Columns(_ command: Command) async throws {
        let template = try #require(Self.invocations[command.name].flatMap { $0 })
        let session = try Session()
        defer { session.close() }
        let result = await session.cli.run(try session.arguments(template) + ["-o", "table"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0, "\(command.name): \(result.stderr)")
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "\(command.name): \(line.count) columns: \(line)")
        }
    }

    @Test func everyConfirmationTakesYes() {
        let asking = ["identity rm", "service rm", "incidents ack", "incidents resolve", "schedules override", "schedules override-rm"]
        for name in asking {
            let command = Self.commands.first { $0.name == name }
            #expect(command?.longNames.contains("yes") == true && command?.shortNames.contains("y") == true, "\(name) lacks -y/--yes")
        }
        for command in Self.commands where command.longNames.contains("yes") {
            #expect(command.shortNames.contains("y"), "\(command.name): --yes without -y")
        }
    }

    @Test(arguments: commands)
    func everyUsageErrorHasTheOneForm(_ command: Command) async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let result = await cli.run(command.path + ["--no-such-option"])
        #expect(result.status == 64, "\(command.name)")
        ErrorFormTests.expectOneForm(result.stderr, hint: true)
    }
}
