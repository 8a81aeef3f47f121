import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// The fake's directory and on-call endpoints against PagerDuty's OpenAPI document. The fake's
/// clock stands at 2026-12-07T12:00:00Z: turn 340 of PSCHED1 (Bob Stone, 09:00 to 09:00), turn
/// 48 of PSCHED2 (Chen Li), turn 340 of PSCHED3 (Bob Stone).
@Suite struct FakeDirectoryTests {
    static let accept = "application/vnd.pagerduty+json;version=2"
    static let now = 1_796_644_800  // 2026-12-07T12:00:00Z

    func fake() throws -> RESTServer {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["key": "PUSR001"]
        settings.now = { Date(timeIntervalSince1970: TimeInterval(Self.now)) }
        return try RESTServer(incidents: IncidentGenerator.incidents(count: 20), settings: settings)
    }

    /// A request with an API key and the v2 Accept header; JSON bodies get their Content-Type
    /// unless `contentType` is nil.
    func call(_ server: RESTServer, _ method: String, _ target: String, json: Any? = nil, from: String? = nil,
              contentType: String? = "application/json") async throws -> (status: Int, body: Any?) {
        var headers = [HTTPHeader("Authorization", "Token token=key"), HTTPHeader("Accept", Self.accept)]
        if let from { headers.append(HTTPHeader("From", from)) }
        var body: Data?
        if let json {
            body = try JSONSerialization.data(withJSONObject: json)
            if let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        }
        let response = try await HTTPClient().send(HTTPClient.Request(method: method, url: server.baseURL + target, headers: headers, body: body))
        return (response.status, try? JSONSerialization.jsonObject(with: response.body))
    }

    func get(_ server: RESTServer, _ target: String) async throws -> (status: Int, body: Any?) {
        try await call(server, "GET", target)
    }

    func object(_ answer: (status: Int, body: Any?)) -> [String: Any] { answer.body as? [String: Any] ?? [:] }

    func finalEntries(_ answer: (status: Int, body: Any?)) -> [[String: Any]] {
        let schedule = object(answer)["schedule"] as? [String: Any]
        return (schedule?["final_schedule"] as? [String: Any])?["rendered_schedule_entries"] as? [[String: Any]] ?? []
    }

    func userID(_ entry: [String: Any]) -> String? { (entry["user"] as? [String: Any])?["id"] as? String }

    func errors(_ answer: (status: Int, body: Any?)) -> [String] {
        (object(answer)["error"] as? [String: Any])?["errors"] as? [String] ?? []
    }

    @Test func theRotationsSayWhoIsOnCall() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let answer = try await get(server, "/schedules/PSCHED1?since=2026-12-07T00:00:00Z&until=2026-12-09T00:00:00Z")
        #expect(answer.status == 200)
        let entries = finalEntries(answer)
        #expect(entries.map(userID) == ["PUSR001", "PUSR002", "PUSR003"])
        #expect(entries.map { $0["start"] as? String } == ["2026-12-07T00:00:00Z", "2026-12-07T09:00:00Z", "2026-12-08T09:00:00Z"])
        #expect(entries.last?["end"] as? String == "2026-12-09T00:00:00Z")
        #expect((entries[1]["user"] as? [String: Any])?["summary"] as? String == "Bob Stone")
        let layers = (object(answer)["schedule"] as? [String: Any])?["schedule_layers"] as? [[String: Any]]
        #expect(layers?.first?["rotation_turn_length_seconds"] as? Int == 86_400)
        // overflow=true shows the entries whole.
        let whole = finalEntries(try await get(server, "/schedules/PSCHED1?since=2026-12-07T00:00:00Z&until=2026-12-09T00:00:00Z&overflow=true"))
        #expect(whole.first?["start"] as? String == "2026-12-06T09:00:00Z")
        #expect(whole.last?["end"] as? String == "2026-12-09T09:00:00Z")
        // Neither since nor until: nothing rendered; since alone: two weeks.
        #expect(finalEntries(try await get(server, "/schedules/PSCHED1")).isEmpty)
        #expect(finalEntries(try await get(server, "/schedules/PSCHED1?since=2026-12-07T09:00:00Z")).count == 14)
        let weekly = finalEntries(try await get(server, "/schedules/PSCHED2?since=2026-12-07T12:00:00Z&until=2026-12-07T13:00:00Z"))
        #expect(weekly.map(userID) == ["PUSR003"])
        #expect(try await get(server, "/schedules/PNOPE").status == 404)
    }

    @Test func timesAreRenderedInTheZoneAsked() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let answer = try await get(server, "/schedules/PSCHED1?since=2026-12-07T10:00:00-05:00&until=2026-12-07T12:00:00-05:00&time_zone=America/New_York")
        let entries = finalEntries(answer)
        #expect(entries.map { $0["start"] as? String } == ["2026-12-07T10:00:00-05:00"])
        #expect(entries.map(userID) == ["PUSR002"])
        let whole = finalEntries(try await get(server, "/schedules/PSCHED1?since=2026-12-07T15:00:00Z&until=2026-12-07T16:00:00Z&time_zone=America/New_York&overflow=true"))
        #expect(whole.first?["start"] as? String == "2026-12-07T04:00:00-05:00")
        #expect(whole.first?["end"] as? String == "2026-12-08T04:00:00-05:00")
        let oncalls = object(try await get(server, "/oncalls?time_zone=Asia/Tokyo&schedule_ids%5B%5D=PSCHED1"))["oncalls"] as? [[String: Any]]
        #expect(oncalls?.first?["start"] as? String == "2026-12-07T18:00:00+09:00")
        #expect(try await get(server, "/schedules/PSCHED1?since=2026-12-07T00:00:00Z&time_zone=Mars/Olympus").status == 400)
        #expect(try await get(server, "/schedules/PSCHED1?since=2026-12-07T00:00:00Z&until=2026-12-06T00:00:00Z").status == 400)
    }

    @Test func anOverrideChangesTheFinalScheduleAndTheOncalls() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let dana: [String: Any] = ["id": "PUSR004", "type": "user_reference"]
        let answer = try await call(server, "POST", "/schedules/PSCHED1/overrides", json: ["overrides": [
            ["start": "2026-12-07T10:00:00Z", "end": "2026-12-07T14:00:00Z", "user": dana, "time_zone": "UTC"],
            ["start": "2026-12-07T10:00:00Z", "end": "2026-12-07T10:00:00Z", "user": dana],
            ["start": "2026-12-07T10:00:00Z", "end": "2026-12-07T11:00:00Z", "user": ["id": "PNOBODY", "type": "user_reference"]],
            ["start": "2026-12-07T10:00:00Z", "end": "2026-12-07T11:00:00Z", "user": ["id": "PUSR004", "type": "user"]],
        ]])
        #expect(answer.status == 201)
        let results = answer.body as? [[String: Any]] ?? []
        #expect(results.map { $0["status"] as? Int } == [201, 400, 400, 400])
        #expect((results[1]["errors"] as? [String]) == ["Override must end after its start"])
        let created = results[0]["override"] as? [String: Any] ?? [:]
        #expect(created["start"] as? String == "2026-12-07T10:00:00Z")
        #expect(server.directory.overrides.count == 1)
        let entries = finalEntries(try await get(server, "/schedules/PSCHED1?since=2026-12-07T09:00:00Z&until=2026-12-08T09:00:00Z"))
        #expect(entries.map(userID) == ["PUSR002", "PUSR004", "PUSR002"])
        #expect(entries.map { $0["end"] as? String } == ["2026-12-07T10:00:00Z", "2026-12-07T14:00:00Z", "2026-12-08T09:00:00Z"])
        let oncalls = object(try await get(server, "/oncalls?escalation_policy_ids%5B%5D=PEP0001"))["oncalls"] as? [[String: Any]] ?? []
        #expect(oncalls.map(userID) == ["PUSR004", "PUSR003"])
        #expect(oncalls.first?["end"] as? String == "2026-12-07T14:00:00Z")
        let listed = object(try await get(server, "/schedules/PSCHED1/overrides?since=2026-12-07T00:00:00Z&until=2026-12-08T00:00:00Z"))
        #expect((listed["overrides"] as? [[String: Any]])?.count == 1)
        #expect(try await get(server, "/schedules/PSCHED1/overrides?since=2026-12-07T00:00:00Z").status == 400)
        // The deprecated single form, then the three states of a delete.
        let single = try await call(server, "POST", "/schedules/PSCHED1/overrides", json: ["override":
            ["start": "2026-12-20T00:00:00Z", "end": "2026-12-21T00:00:00Z", "user": dana]])
        #expect(single.status == 201)
        let future = (object(single)["override"] as? [String: Any])?["id"] as? String ?? ""
        let ongoing = created["id"] as? String ?? ""
        #expect(try await call(server, "DELETE", "/schedules/PSCHED1/overrides/\(future)").status == 204)
        #expect(try await call(server, "DELETE", "/schedules/PSCHED1/overrides/\(ongoing)").status == 200)
        #expect(server.directory.overrides.map { FakeTime.format($0.end) } == ["2026-12-07T12:00:00Z"])
        server.directory.addOverride(.init(id: "POLD", scheduleID: "PSCHED1", start: Self.now - 7200, end: Self.now - 3600, userID: "PUSR003"))
        #expect(try await call(server, "DELETE", "/schedules/PSCHED1/overrides/POLD").status == 400)
        #expect(try await call(server, "DELETE", "/schedules/PSCHED1/overrides/PNOPE").status == 404)
        #expect(server.refusals == ["GET /schedules/PSCHED1/overrides: until is required"])
    }

    @Test func oncallsEarliestAndTheNinetyDayRule() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let now = object(try await get(server, "/oncalls"))["oncalls"] as? [[String: Any]] ?? []
        #expect(now.map(userID) == ["PUSR002", "PUSR003", "PUSR002", "PUSR001"])
        #expect(now.map { $0["escalation_level"] as? Int } == [1, 2, 1, 2])
        #expect(now[3]["start"] is NSNull && now[3]["end"] is NSNull && now[3]["schedule"] is NSNull)
        #expect((now[0]["schedule"] as? [String: Any])?["id"] as? String == "PSCHED1")
        let week = "since=2026-12-07T12:00:00Z&until=2026-12-14T12:00:00Z&escalation_policy_ids%5B%5D=PEP0001"
        let all = object(try await get(server, "/oncalls?\(week)&limit=100"))["oncalls"] as? [[String: Any]] ?? []
        let earliest = object(try await get(server, "/oncalls?\(week)&earliest=true"))["oncalls"] as? [[String: Any]] ?? []
        #expect(all.count == 8 + 2)
        #expect(earliest.map(userID) == ["PUSR002", "PUSR003", "PUSR001", "PUSR003", "PUSR004"])
        let withUsers = object(try await get(server, "/oncalls?include%5B%5D=users&user_ids%5B%5D=PUSR001"))["oncalls"] as? [[String: Any]] ?? []
        #expect((withUsers.first?["user"] as? [String: Any])?["email"] as? String == "alice@example.com")
        #expect(try await get(server, "/oncalls?until=2027-03-07T12:00:00Z").status == 200)
        #expect(errors(try await get(server, "/oncalls?until=2027-03-07T12:00:01Z")).first?.contains("90 days") == true)
        #expect(try await get(server, "/oncalls?since=2026-12-08T00:00:00Z&until=2026-12-07T00:00:00Z").status == 400)
    }

    @Test func queryIsASubstringAndListsArePaged() async throws {
        let server = try fake()
        server.directory.addUser(RESTAccount.User(id: "PUSR005", name: "Alice Ng", email: "alice.ng@example.org"))
        defer { server.shutdown() }
        let users = object(try await get(server, "/users?query=ALICE"))["users"] as? [[String: Any]] ?? []
        #expect(users.map { $0["id"] as? String } == ["PUSR001", "PUSR005"])
        let byEmail = object(try await get(server, "/users?query=chen%40"))["users"] as? [[String: Any]] ?? []
        #expect(byEmail.map { $0["name"] as? String } == ["Chen Li"])
        let schedules = object(try await get(server, "/schedules?query=primary"))["schedules"] as? [[String: Any]] ?? []
        #expect(schedules.map { $0["id"] as? String } == ["PSCHED1", "PSCHED3"])
        let page = object(try await get(server, "/services?limit=1&offset=1&sort_by=name:desc"))
        #expect((page["services"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Payments, EU"])
        #expect(page["more"] as? Bool == true && page["total"] is NSNull && page["limit"] as? Int == 1)
        #expect(object(try await get(server, "/priorities?total=true"))["total"] as? Int == 5)
        let policy = object(try await get(server, "/escalation_policies/PEP0002"))["escalation_policy"] as? [String: Any] ?? [:]
        let rules = policy["escalation_rules"] as? [[String: Any]] ?? []
        #expect(rules.compactMap { ($0["targets"] as? [[String: Any]])?.first?["type"] as? String } == ["schedule_reference", "user_reference"])
        #expect((policy["services"] as? [[String: Any]])?.map { $0["id"] as? String } == ["PSVC002", "PSVC004"])
        let teams = object(try await get(server, "/teams?query=disc"))["teams"] as? [[String: Any]] ?? []
        #expect(teams.map { $0["id"] as? String } == ["PTEAM02"])
        for bad in ["/users?limit=0", "/users?limit=101", "/services?team_ids=PTEAM01", "/services?sort_by=id", "/priorities?query=P1",
                    "/escalation_policies?include%5B%5D=everything"] {
            #expect(try await get(server, bad).status == 400, "\(bad)")
        }
        #expect(errors(try await get(server, "/teams?colour=red")).first?.contains("colour") == true)
        #expect(object(try await get(server, "/services/PNOPE")).description.contains("Not Found"))
    }

    @Test func maintenanceWindowsAreCreatedAndDeletedByState() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let window: [String: Any] = ["maintenance_window": [
            "type": "maintenance_window", "start_time": "2026-12-08T00:00:00Z", "end_time": "2026-12-08T02:00:00Z",
            "description": "DB upgrade", "services": [["id": "PSVC001", "type": "service_reference"]],
        ] as [String: Any]]
        #expect(try await call(server, "POST", "/maintenance_windows", json: window).status == 400)  // no From
        #expect(try await call(server, "POST", "/maintenance_windows", json: window, from: "alice@example.com", contentType: "text/plain").status == 415)
        let created = try await call(server, "POST", "/maintenance_windows", json: window, from: "alice@example.com")
        #expect(created.status == 201)
        #expect((object(created)["maintenance_window"] as? [String: Any])?["id"] as? String == "PMW0001")
        var unknown = window
        unknown["maintenance_window"] = ["type": "maintenance_window", "start_time": "2026-12-08T00:00:00Z", "end_time": "2026-12-08T02:00:00Z",
                                         "services": [["id": "PNOPE", "type": "service_reference"]]]
        #expect(try await call(server, "POST", "/maintenance_windows", json: unknown, from: "alice@example.com").status == 400)
        server.directory.addMaintenanceWindow(.init(id: "PMWON", sequenceNumber: 90, start: Self.now - 60, end: Self.now + 60, description: "now", serviceIDs: ["PSVC002"]))
        server.directory.addMaintenanceWindow(.init(id: "PMWOLD", sequenceNumber: 91, start: Self.now - 600, end: Self.now - 60, description: "old", serviceIDs: ["PSVC002"]))
        let ongoing = object(try await get(server, "/maintenance_windows?filter=ongoing"))["maintenance_windows"] as? [[String: Any]]
        #expect(ongoing?.map { $0["id"] as? String } == ["PMWON"])
        #expect((object(try await get(server, "/maintenance_windows?service_ids%5B%5D=PSVC001"))["maintenance_windows"] as? [Any])?.count == 1)
        #expect(try await call(server, "DELETE", "/maintenance_windows/PMW0001").status == 204)
        #expect(try await call(server, "DELETE", "/maintenance_windows/PMWON").status == 204)
        #expect(try await call(server, "DELETE", "/maintenance_windows/PMWOLD").status == 405)
        #expect(try await call(server, "DELETE", "/maintenance_windows/PNOPE").status == 404)
        #expect(server.directory.maintenanceWindows.map(\.id) == ["PMWON", "PMWOLD"])
        #expect(server.directory.maintenanceWindows.first?.end == Self.now)
        #expect(server.refusals.count == 3)  // the missing From, the text/plain body, the unknown service
    }
}
