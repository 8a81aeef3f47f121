@testable import EveryAuthCLI
import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// Tables for a person at a terminal (issue 25 item 4): they fit, they say what a page hid, they
/// colour only a colour terminal, and the short ids they show are ids every command takes.
@Suite struct TableRulesTests {
    /// A CLI whose PagerDuty is a fake with `count` incidents, and alice's key stored.
    private static func session(_ count: Int) throws -> (fake: RESTServer, cli: InProcessCLI) {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["u+alice": "PUSR001"]
        let fake = try RESTServer(incidentCount: count, settings: settings)
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*", "EVERYAUTH_USER_ID": "alice"])
        let url = fake.baseURL
        try cli.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "client-1", apiUrl: url)
            document.upsertIdentity(service: .pagerduty, userId: "alice", kind: .apiKey, credential: .apiKey("u+alice"))
        }
        return (fake, cli)
    }

    @Test func aPageThatHidesIncidentsSaysHowManyOnATerminal() async throws {
        let (fake, cli) = try Self.session(326)
        defer { fake.shutdown(); cli.cleanUp() }
        let open = fake.incidents.filter { $0.status != "resolved" }.count
        let terminal = await cli.run(["incidents", "list", "-o", "table"], stderrIsTerminal: true)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stderr.contains("25 of \(open) shown; --all for every one"), "\(terminal.stderr)")
        let limited = await cli.run(["incidents", "list", "--limit", "3", "--status", "all"], stderrIsTerminal: true)
        #expect(limited.stderr.contains("3 of 326 shown"), "\(limited.stderr)")
        // Into a pipe nothing is asked or said; with --all, or when the page shows everything, neither.
        let piped = await cli.run(["incidents", "list"])
        #expect(!piped.stderr.contains("shown"))
        #expect(!(fake.incidentQueries.last ?? []).contains { $0.0 == "total" && $0.1 == "true" }, "a pipe does not ask PagerDuty to count")
        let everything = await cli.run(["incidents", "list", "--all", "-o", "ndjson"], stderrIsTerminal: true)
        #expect(everything.status == 0 && !everything.stderr.contains("shown"), "\(everything.stderr)")
        let all = await cli.run(["incidents", "list", "--limit", "100", "--status", "triggered", "--urgency", "high"], stderrIsTerminal: true)
        #expect(!all.stderr.contains("shown"), "\(all.stderr)")
    }

    @Test func incidentTablesFit80ColumnsAndColourOnlyAColourTerminal() async throws {
        let (fake, cli) = try Self.session(60)
        defer { fake.shutdown(); cli.cleanUp() }
        let narrow = await cli.run(["incidents", "list", "--status", "all", "-o", "table"], environment: ["COLUMNS": "80"])
        #expect(narrow.status == 0, "\(narrow.stderr)")
        let lines = narrow.stdout.split(separator: "\n")
        #expect(lines.count == 26 && lines.allSatisfy { $0.count <= 80 }, "\(narrow.stdout)")
        for status in ["trigg…", "ackno…", "resol…"] { #expect(!narrow.stdout.contains(status)) }
        #expect(lines.dropFirst().allSatisfy { $0.range(of: #"^\d+ +(triggered|acknowledged|resolved) +(high|low) +\d+[smhdy] "#, options: .regularExpression) != nil },
                "\(narrow.stdout)")
        var colourCLI = cli
        colourCLI.environment["NO_COLOR"] = nil
        let coloured = await colourCLI.run(["incidents", "list", "-o", "table"], stdoutIsTerminal: true)
        #expect(coloured.stdout.contains("\u{1B}[31mtriggered\u{1B}[0m") || coloured.stdout.contains("\u{1B}[33macknowledged\u{1B}[0m"), "\(coloured.stdout)")
        let noColour = await colourCLI.run(["incidents", "list", "-o", "table"], environment: ["NO_COLOR": "1"], stdoutIsTerminal: true)
        #expect(noColour.status == 0 && !noColour.stdout.contains("\u{1B}"))
        let dumb = await colourCLI.run(["incidents", "list", "-o", "table"], environment: ["TERM": "dumb"], stdoutIsTerminal: true)
        let piped = await colourCLI.run(["incidents", "list", "-o", "table"])
        #expect(!piped.stdout.contains("\u{1B}"), "no colour into a pipe")
        #expect(!dumb.stdout.contains("\u{1B}"))
    }

    /// Identities whose ids share their first 12 characters two by two.
    private static func twins(_ cli: InProcessCLI) throws {
        try cli.store.update { document in
            for (id, user) in [("idn-aaaa1111" + String(repeating: "0", count: 24), "ann"), ("idn-aaaa1111" + String(repeating: "1", count: 24), "ben"),
                               ("idn-bbbb2222" + String(repeating: "2", count: 24), "cat")] {
                document.identities.append(Identity(id: id, service: "pagerduty", userId: user, createdAt: Date(), kind: .apiKey,
                                                    credential: .apiKey("u+\(user)")))
            }
        }
    }

    @Test func anIDIsTakenByAUniquePrefixAndShownByOne() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try Self.twins(cli)
        // A unique prefix of 12 characters or more names its identity, in every command that takes --id.
        let token = await cli.run(["identity", "token", "pagerduty", "--id", "idn-bbbb2222"])
        #expect((token.status, token.stdout) == (0, "u+cat\n"), "\(token.stderr)")
        let get = await cli.run(["identity", "get", "pagerduty", "--id", "idn-aaaa11110"])
        #expect(get.status == 0 && get.stdout.contains("u+ann"), "\(get.stderr)")
        // Several match: a usage error listing them, nothing chosen.
        let ambiguous = await cli.run(["identity", "token", "pagerduty", "--id", "idn-aaaa1111"])
        #expect(ambiguous.status == 64 && ambiguous.stdout.isEmpty, "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("2 pagerduty identity ids start with 'idn-aaaa1111'") && ambiguous.stderr.contains("give more of the id"),
                "\(ambiguous.stderr)")
        // Shorter than 12 characters is an id as given, never a guess.
        let short = await cli.run(["identity", "token", "pagerduty", "--id", "idn-bbbb"])
        #expect(short.status == 2, "\(short.stderr)")
        let removed = await cli.run(["identity", "rm", "pagerduty", "--id", "idn-bbbb2222", "--yes"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try cli.store.update { $0.identities.map(\.userId).sorted() } == ["ann", "ben"])
        // The table shows each id by the prefix that tells it from the others: 13 here.
        let table = await cli.run(["identity", "ls", "-o", "table"], environment: ["COLUMNS": "80"])
        #expect(table.stdout.contains("idn-aaaa11110 ") && table.stdout.contains("idn-aaaa11111 "), "\(table.stdout)")
        #expect(IdentityIDPrefix.shortLength(["idn-aaaa11110x", "idn-aaaa11111x", "$PAGERDUTY_TOKEN"]) == 13)
        #expect(IdentityIDPrefix.shortLength(["idn-0123456789abcdef"]) == 12)
        // Other formats keep whole ids.
        let tsv = await cli.run(["identity", "ls", "-o", "tsv"])
        #expect(tsv.stdout.contains("idn-aaaa1111" + String(repeating: "0", count: 24)))
    }
}
