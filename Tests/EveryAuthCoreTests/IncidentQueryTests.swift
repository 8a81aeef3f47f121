import EveryAuthCore
import Foundation
import Testing

/// The mapping of filters to PagerDuty's exact query names and values.
@Suite struct IncidentQueryTests {
    private func pairs(_ query: IncidentQuery) -> [String] {
        query.filterItems().map { "\($0.0)=\($0.1)" }
    }

    @Test func defaultIsOpen() {
        #expect(pairs(IncidentQuery()) == ["statuses[]=triggered", "statuses[]=acknowledged"])
    }

    @Test func statusesExpandOpenAndAll() throws {
        var query = IncidentQuery()
        try query.setStatuses(["resolved", "open"])
        #expect(query.statuses == ["resolved", "triggered", "acknowledged"])
        try query.setStatuses(["all"])
        #expect(query.statuses.isEmpty)
        #expect(throws: InvalidInput.self) { try query.setStatuses(["closed"]) }
    }

    @Test func everyFilterHasItsOpenAPIName() throws {
        var query = IncidentQuery()
        try query.setStatuses(["triggered"])
        try query.setUrgencies(["high", "low"])
        try query.setSortBy(["created_at:desc", "urgency"])
        try query.setInclude(["services"])
        try query.setTimeZone("UTC")
        query.serviceIDs = ["S1"]
        query.teamIDs = ["T1"]
        query.userIDs = ["U1"]
        query.since = Date(timeIntervalSince1970: 1_767_225_600)
        query.until = Date(timeIntervalSince1970: 1_767_229_200.7)
        #expect(pairs(query) == [
            "statuses[]=triggered", "urgencies[]=high", "urgencies[]=low", "service_ids[]=S1", "team_ids[]=T1", "user_ids[]=U1",
            "since=2026-01-01T00:00:00Z", "until=2026-01-01T01:00:00Z", "sort_by=created_at:desc,urgency", "include[]=services",
            "time_zone=UTC",
        ])
        #expect(query.newestFirst)
    }

    @Test func allTimeSendsDateRangeOnlyWithoutAWindow() throws {
        var query = IncidentQuery()
        query.allTime = true
        #expect(pairs(query).contains("date_range=all"))
        let windowed = query.filterItems(since: Date(timeIntervalSince1970: 0), until: Date(timeIntervalSince1970: 60))
        #expect(!windowed.contains { $0.0 == "date_range" })
    }

    /// Each refusal says which input it is about (the CLI names the flag from it) and no flag itself.
    @Test func invalidValuesNameTheirInput() {
        var query = IncidentQuery()
        for (run, input) in [
            ({ try query.setSortBy(["title"]) }, .sort),
            ({ try query.setSortBy(["created_at:up"]) }, .sort),
            ({ try query.setSortBy(["created_at", "urgency", "incident_number"]) }, .sort),
            ({ try query.setInclude(["all"]) }, .includes),
            ({ try query.setUrgencies(["urgent"]) }, .urgencies),
            ({ try query.setTimeZone("Nowhere/Town") }, .timeZone),
        ] as [(() throws -> Void, InvalidInput.Input)] {
            do {
                try run()
                Issue.record("no error for \(input)")
            } catch let error as InvalidInput {
                #expect(error.input == input)
                #expect(!error.problem.contains("--"), "\(error.problem)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func windowMustNotBeEmpty() {
        var query = IncidentQuery()
        query.since = Date(timeIntervalSince1970: 100)
        query.until = Date(timeIntervalSince1970: 100)
        #expect(throws: InvalidInput.self) { try query.validateWindow() }
    }
}

/// `--since`/`--until` values.
@Suite struct TimeSpecTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func relativeForms() throws {
        #expect(try TimeSpec.parse("30m", as: .since, now: now) == now.addingTimeInterval(-1800))
        #expect(try TimeSpec.parse("2h", as: .since, now: now) == now.addingTimeInterval(-7200))
        #expect(try TimeSpec.parse("7d", as: .since, now: now) == now.addingTimeInterval(-604_800))
        #expect(try TimeSpec.parse("1w", as: .since, now: now) == now.addingTimeInterval(-604_800))
    }

    @Test func isoForms() throws {
        #expect(try TimeSpec.parse("2026-01-01T00:00:00Z", as: .since) == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(try TimeSpec.parse("2026-01-01T01:00:00+01:00", as: .since) == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(try TimeSpec.parse("2026-01-01", as: .since) == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(TimeSpec.format(Date(timeIntervalSince1970: 1_767_225_600.9)) == "2026-01-01T00:00:00Z")
    }

    @Test func garbageNamesTheFlag() {
        #expect(throws: InvalidInput.self) { try TimeSpec.parse("yesterday", as: .until) }
        #expect(throws: InvalidInput.self) { try TimeSpec.parse("-2h", as: .until) }
    }
}

/// How tokens are sent.
@Suite struct PagerDutyTokenTests {
    @Test func oauthTokensAreBearerOthersAreAPIKeys() {
        #expect(PagerDutyToken.guessing("pdus+_0XBPWQQ_abc").headerValue == "Bearer pdus+_0XBPWQQ_abc")
        #expect(PagerDutyToken.guessing("y_NbAkKc66ryYTWUXYEu").headerValue == "Token token=y_NbAkKc66ryYTWUXYEu")
    }
}
