import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `oncall` and `schedules` against the fake's seeded rotations (PSCHED1 "Primary": daily turns of
/// Alice, Bob, Chen from 2026-01-01T09:00Z; PSCHED2 "Secondary": weekly turns of Chen, Dana from
/// 2026-01-05T09:00Z; PSCHED3 "Search Primary": daily turns of Bob, Dana; PEP0002's second level
/// is Alice herself). The token is Alice's (PUSR001).
@Suite struct OnCallTests {
    static let token = ["--token", IncidentsSession.apiKey]
    /// 2026-12-10T12:00:00Z: day 343 of Primary's rotation (Bob), turn 48 of Secondary (Chen).
    static let noon = Date(timeIntervalSince1970: 1_796_904_000)

    static func session(fixedClock: Bool = true) throws -> IncidentsSession {
        try IncidentsSession(incidents: 5) { settings in
            if fixedClock { settings.now = { OnCallTests.noon } }
        }
    }

    @Test func theClockOfTheseTestsIsTheDayTheyAssume() {
        #expect(Timestamp.format(Self.noon) == "2026-12-10T12:00:00Z")
    }

    @Test func whoIsOnCallIsGroupedByPolicyAndLevelWithTheirShiftsEnd() async throws {
        let session = try Self.session()
        defer { session.close() }
        let json = try await session.run(["oncall", "--at", "2026-12-10T12:00:00Z", "-o", "json"] + Self.token)
        #expect(json.status == 0, "\(json.stderr)")
        let shifts = try #require(json.json as? [[String: Any]])
        let rows = shifts.map { "\($0["escalation_policy"]!)|\($0["level"]!)|\($0["user"]!)|\($0["schedule"] ?? "")|\($0["end"] ?? "")" }
        #expect(rows == [
            "Checkout Escalation|1|Bob Stone|Primary|2026-12-11T09:00:00Z",
            "Checkout Escalation|2|Chen Li|Secondary|2026-12-14T09:00:00Z",
            "Search Escalation|1|Dana \"DJ\" Jones|Search Primary|2026-12-11T09:00:00Z",
            "Search Escalation|2|Alice Ng|<null>|<null>",
        ])
        #expect(shifts[0]["escalation_policy_id"] as? String == "PEP0001")
        #expect(shifts[0]["email"] as? String == "bob@example.com")
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")

        let table = try await session.run(["oncall", "--at", "2026-12-10T12:00:00Z", "-o", "table", "--time-zone", "UTC"] + Self.token,
                                          environment: ["COLUMNS": "80"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[1].hasPrefix("Checkout Escalation  1      Bob Stone"))
        // The policy is named once per group; a user on the policy itself is on call always.
        #expect(lines[2].hasPrefix("                     2      Chen Li"))
        #expect(lines[4].contains("Alice Ng") && lines[4].hasSuffix("always"))
        #expect(lines[1].contains("12-11 09:00"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func filtersByScheduleAndPolicyNameAndUserEmailResolveOnceEach() async throws {
        let session = try Self.session()
        defer { session.close() }
        let bySchedule = try await session.run(["oncall", "--at", "2026-12-10T12:00:00Z", "--schedule", "secondary", "-o", "ndjson"] + Self.token)
        #expect(bySchedule.status == 0, "\(bySchedule.stderr)")
        #expect(IncidentsSession.objects(bySchedule.stdout).map { $0["user"] as? String } == ["Chen Li"])

        let byPolicy = try await session.run(["oncall", "--at", "2026-12-10T12:00:00Z", "--escalation-policy", "SEARCH ESCALATION",
                                              "--user", "DANA@example.com", "-o", "ndjson"] + Self.token)
        #expect(byPolicy.status == 0, "\(byPolicy.stderr)")
        #expect(IncidentsSession.objects(byPolicy.stdout).map { $0["schedule"] as? String } == ["Search Primary"])
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func nextListsMyNextShiftPerPolicyAndLevelAndHowLongUntilIt() async throws {
        let session = try Self.session(fixedClock: false)
        defer { session.close() }
        let result = try await session.run(["oncall", "--me", "--next", "-o", "json"] + Self.token)
        #expect(result.status == 0, "\(result.stderr)")
        let shifts = try #require(result.json as? [[String: Any]])
        // Alice is level 2 of Search Escalation always, and has a Primary turn every third day.
        #expect(shifts.count == 2)
        #expect(shifts[0]["escalation_policy"] as? String == "Search Escalation")
        #expect(shifts[0]["starts_in"] as? Int == 0)
        #expect(shifts[1]["schedule"] as? String == "Primary")
        let start = try #require((shifts[1]["start"] as? String).flatMap(Timestamp.parse))
        let wait = try #require(shifts[1]["starts_in"] as? Int)
        #expect(wait >= 0 && wait <= 3 * 86_400)
        #expect(abs(start.timeIntervalSinceNow - Double(wait)) < 120)
        // The turn is Alice's: an index of 0 in a rotation of three daily turns from 2026-01-01T09:00Z.
        let turn = Int(start.timeIntervalSince1970 - 1_767_258_000) / 86_400
        #expect(turn % 3 == 0 && Int(start.timeIntervalSince1970) % 86_400 == 9 * 3_600 || wait == 0)
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")

        let usage = try await session.run(["oncall", "--next"] + Self.token)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--next needs whose shifts: --me or --user"))
    }

    @Test func unknownAndSharedNamesAreExit2AndExit64BeforeAnyListing() async throws {
        let session = try Self.session()
        defer { session.close() }
        // PagerDuty's query matches part of a name: "Prim" finds Primary and Search Primary, neither whole.
        let partial = try await session.run(["oncall", "--schedule", "Prim"] + Self.token)
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("no schedule has the id or name 'Prim'"))
        #expect(partial.stderr.contains("see 'everyauth schedules list'"))

        session.fake.directory.addSchedule(.init(id: "PSCHED9", name: "primary", userIDs: ["PUSR004"], turnLength: 86_400,
                                                 virtualStart: 1_767_258_000))
        let shared = try await session.run(["oncall", "--schedule", "Primary"] + Self.token)
        #expect(shared.status == 64)
        #expect(shared.stderr.contains("PSCHED1") && shared.stderr.contains("PSCHED9"), "\(shared.stderr)")
        #expect(shared.stderr.contains("give the id of the one you mean"))
        // The id still names one.
        let byID = try await session.run(["oncall", "--schedule", "PSCHED9", "--at", "2026-12-10T12:00:00Z", "-o", "ndjson"] + Self.token)
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(session.fake.incidentQueries.isEmpty)

        let far = try await session.run(["oncall", "--at", "+100d"] + Self.token)
        #expect(far.status == 64)
        #expect(far.stderr.contains("at most 90 days ahead"))
    }

    @Test func scheduleShowListsShiftsInTheReadersZoneAndMarksMine() async throws {
        let session = try Self.session()
        defer { session.close() }
        let span = ["--since", "2026-12-10T09:00:00Z", "--until", "2026-12-13T09:00:00Z"]
        let json = try await session.run(["schedules", "show", "Primary", "--me", "-o", "json"] + span + Self.token)
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try #require(json.json as? [[String: Any]])
        #expect(entries.map { $0["user"] as? String } == ["Bob Stone", "Chen Li", "Alice Ng"])
        #expect(entries.map { $0["mine"] as? Bool } == [false, false, true])
        #expect(entries.map { $0["start"] as? String } == ["2026-12-10T09:00:00Z", "2026-12-11T09:00:00Z", "2026-12-12T09:00:00Z"])

        let table = try await session.run(["schedules", "show", "primary", "--me", "-o", "table", "--time-zone", "America/New_York"] + span + Self.token,
                                          environment: ["COLUMNS": "80"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("Thu 12-10 04:00  Fri 12-11 04:00  Bob Stone"), "\(table.stdout)")
        #expect(lines[3].hasSuffix("Alice Ng  ← you"))
        #expect(table.stderr.contains("Primary (PSCHED1), times in America/New_York"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func anOverrideInsideTheSamePersonsTurnReadsAsOneShift() async throws {
        let session = try Self.session()
        defer { session.close() }
        // Bob's own turn (2026-12-10 09:00 to 12-11 09:00), and an override giving him 18:00 to 23:00 of it.
        session.fake.directory.addOverride(.init(id: "PORDX", scheduleID: "PSCHED1", start: 1_796_925_600, end: 1_796_943_600, userID: "PUSR002"))
        let result = try await session.run(["schedules", "show", "Primary", "--since", "2026-12-10T09:00:00Z", "--until", "2026-12-11T09:00:00Z",
                                             "-o", "ndjson"] + Self.token)
        #expect(result.status == 0, "\(result.stderr)")
        let entries = IncidentsSession.objects(result.stdout)
        #expect(entries.map { "\($0["start"]!)-\($0["end"]!) \($0["user"]!)" } == ["2026-12-10T09:00:00Z-2026-12-11T09:00:00Z Bob Stone"])
    }

    @Test func timesRenderedWithAnOffsetAreReadAsInstants() async throws {
        let session = try Self.session()
        defer { session.close() }
        // A schedule in New York: PagerDuty renders its entries as 04:00-05:00.
        session.fake.directory.addSchedule(.init(id: "PSCHEDNY", name: "East", userIDs: ["PUSR003"], turnLength: 86_400,
                                                 virtualStart: 1_767_258_000, timeZone: "America/New_York"))
        let result = try await session.run(["schedules", "show", "East", "--since", "2026-12-10T09:00:00Z", "--until", "2026-12-11T09:00:00Z",
                                             "-o", "ndjson"] + Self.token)
        #expect(result.status == 0, "\(result.stderr)")
        let entries = IncidentsSession.objects(result.stdout)
        #expect(entries.map { $0["start"] as? String } == ["2026-12-10T09:00:00Z"])
        #expect(entries.map { $0["end"] as? String } == ["2026-12-11T09:00:00Z"])
    }

    @Test func takingAShiftCreatesOneOverrideReadInTheGivenZone() async throws {
        let session = try Self.session(fixedClock: false)
        defer { session.close() }
        let take = ["schedules", "override", "Primary", "--user", "bob@example.com", "--start", "2027-01-07 18:00", "--end", "2027-01-08 09:00",
                    "--time-zone", "Europe/Berlin"]
        // No terminal, no --yes: nothing is asked for, nothing is created.
        let refused = try await session.run(take + Self.token)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("pass --yes"))
        #expect(session.fake.directory.overrides.isEmpty)

        let result = try await session.run(take + ["--yes", "-o", "json"] + Self.token)
        #expect(result.status == 0, "\(result.stderr)")
        let overrides = session.fake.directory.overrides
        #expect(overrides.count == 1)
        #expect(overrides.first?.scheduleID == "PSCHED1" && overrides.first?.userID == "PUSR002")
        #expect(overrides.first.map { Timestamp.format(Date(timeIntervalSince1970: Double($0.start))) } == "2027-01-07T17:00:00Z")
        #expect(overrides.first.map { Timestamp.format(Date(timeIntervalSince1970: Double($0.end))) } == "2027-01-08T08:00:00Z")
        let printed = try #require(result.json as? [[String: Any]])
        #expect(printed.first?["user"] as? String == "Bob Stone")
        #expect(printed.first?["start"] as? String == "2027-01-07T17:00:00Z")
        #expect(result.stderr.contains("Bob Stone is on call in Primary"))

        // Without --user, the token's own user takes it.
        let mine = try await session.run(["schedules", "override", "Primary", "--start", "+2d", "--end", "+2d1h", "--yes"] + Self.token)
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(session.fake.directory.overrides.last?.userID == "PUSR001")

        let backwards = try await session.run(["schedules", "override", "Primary", "--start", "+2h", "--end", "+1h", "--yes"] + Self.token)
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--end must be after --start"))
        let nobody = try await session.run(["schedules", "override", "Primary", "--user", "zed@example.com", "--start", "+1h", "--end", "+2h", "--yes"] + Self.token)
        #expect(nobody.status == 2)
        #expect(session.fake.directory.overrides.count == 2)
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func overridesAreListedAndRemovedAndOneUnderWayEndsNow() async throws {
        let session = try Self.session(fixedClock: false)
        defer { session.close() }
        let now = Int(Date().timeIntervalSince1970)
        session.fake.directory.addOverride(.init(id: "PORDA", scheduleID: "PSCHED1", start: now + 86_400, end: now + 90_000, userID: "PUSR003"))
        session.fake.directory.addOverride(.init(id: "PORDB", scheduleID: "PSCHED1", start: now - 600, end: now + 3_600, userID: "PUSR004"))
        let listed = try await session.run(["schedules", "overrides", "Primary", "-o", "ndjson"] + Self.token)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(IncidentsSession.objects(listed.stdout).map { $0["id"] as? String } == ["PORDB", "PORDA"])

        let removed = try await session.run(["schedules", "override-rm", "Primary", "PORDA", "PORDB", "--yes"] + Self.token)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stderr.contains("Removed override PORDA."))
        #expect(removed.stderr.contains("Override PORDB was under way: it ends now."))
        #expect(session.fake.directory.overrides.map(\.id) == ["PORDB"])
        #expect((session.fake.directory.overrides.first?.end ?? .max) <= Int(Date().timeIntervalSince1970))

        let unknown = try await session.run(["schedules", "override-rm", "Primary", "PNOPE", "--yes"] + Self.token)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no override in schedule PSCHED1 with id 'PNOPE'"))
    }
}
