import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// `POST /incidents`, the richer `PUT /incidents/{id}` and `RESTServer.refusals`, against the
/// OpenAPI document's rules.
@Suite struct FakeIncidentWriteTests {
    let base = FakeDirectoryTests()

    static var created: [String: Any] { ["incident": [
        "type": "incident", "title": "Checkout down", "urgency": "low",
        "service": ["id": "PSVC001", "type": "service_reference"],
        "priority": ["id": "PPRIO02", "type": "priority_reference"],
        "body": ["type": "incident_body", "details": "500s everywhere"],
    ] as [String: Any]] }

    func incident(_ answer: (status: Int, body: Any?)) -> [String: Any] {
        base.object(answer)["incident"] as? [String: Any] ?? [:]
    }

    @Test func createdIncidentsAreListedAndValidated() async throws {
        let server = try base.fake()
        defer { server.shutdown() }
        #expect(try await base.call(server, "POST", "/incidents", json: Self.created).status == 400)  // no From
        let answer = try await base.call(server, "POST", "/incidents", json: Self.created, from: "alice@example.com")
        #expect(answer.status == 201)
        let made = incident(answer)
        #expect(made["incident_number"] as? Int == 21 && made["status"] as? String == "triggered" && made["body"] == nil)
        #expect((made["priority"] as? [String: Any])?["summary"] as? String == "P2")
        #expect((made["escalation_policy"] as? [String: Any])?["id"] as? String == "PEP0001")
        // PSCHED1's on-call at 2026-12-07T12:00Z is Bob Stone.
        #expect((made["assignments"] as? [[String: Any]])?.compactMap { ($0["assignee"] as? [String: Any])?["id"] as? String } == ["PUSR002"])
        let id = made["id"] as? String ?? ""
        #expect(try await base.get(server, "/incidents/\(id)").status == 200)
        #expect(server.incidents.last?.id == id)
        func refused(_ change: (inout [String: Any]) -> Void) async throws -> [String] {
            var fields = Self.created["incident"] as? [String: Any] ?? [:]
            change(&fields)
            let answer = try await base.call(server, "POST", "/incidents", json: ["incident": fields], from: "alice@example.com")
            #expect(answer.status == 400)
            return base.errors(answer)
        }
        #expect(try await refused { $0["type"] = "incident_reference" }.first?.contains("type") == true)
        #expect(try await refused { $0["title"] = nil }.first?.contains("title") == true)
        #expect(try await refused { $0["service"] = ["id": "PNOPE", "type": "service_reference"] }.first?.contains("PNOPE") == true)
        #expect(try await refused { $0["priority"] = ["id": "PNOPE", "type": "priority_reference"] }.first?.contains("PNOPE") == true)
        #expect(try await refused { $0["urgency"] = "urgent" }.first?.contains("urgency") == true)
        #expect(try await refused {
            $0["escalation_policy"] = ["id": "PEP0002", "type": "escalation_policy_reference"]
            $0["assignments"] = [["assignee": ["id": "PUSR003", "type": "user_reference"]]]
        }.first?.contains("not both") == true)
        var keyed = Self.created
        keyed["incident"] = (Self.created["incident"] as? [String: Any] ?? [:]).merging(["incident_key": "dedup-1"]) { $1 }
        #expect(try await base.call(server, "POST", "/incidents", json: keyed, from: "alice@example.com").status == 201)
        #expect(try await base.call(server, "POST", "/incidents", json: keyed, from: "alice@example.com").status == 400)
    }

    @Test func updatesChangeTitleUrgencyPriorityAndLevel() async throws {
        let server = try base.fake()
        defer { server.shutdown() }
        let id = try #require(server.incidents.first { $0.status == "triggered" && $0.serviceID == "PSVC001" }?.id)
        func put(_ fields: [String: Any]) async throws -> (status: Int, body: Any?) {
            try await base.call(server, "PUT", "/incidents/\(id)", json: ["incident": fields.merging(["type": "incident_reference"]) { $1 }],
                                from: "alice@example.com")
        }
        let changed = incident(try await put(["title": "Renamed", "urgency": "low", "priority": ["id": "PPRIO03", "type": "priority_reference"]]))
        #expect(changed["title"] as? String == "Renamed" && changed["urgency"] as? String == "low")
        #expect((changed["priority"] as? [String: Any])?["summary"] as? String == "P3")
        #expect((incident(try await put(["priority": "P5"]))["priority"] as? [String: Any])?["id"] as? String == "PPRIO05")
        #expect(try await put(["priority": ["id": "PPRIO99", "type": "priority_reference"]]).status == 400)
        #expect(try await put(["escalation_level": 2]).status == 200)
        #expect(base.errors(try await put(["escalation_level": 3])).first?.contains("between 1 and 2") == true)
        #expect(try await put(["escalation_level": 0]).status == 400)
        #expect(try await put(["escalation_policy": ["id": "PNOPE", "type": "escalation_policy_reference"]]).status == 400)
        let acknowledged = incident(try await put(["status": "acknowledged"]))
        let acks = acknowledged["acknowledgements"] as? [[String: Any]] ?? []
        #expect(acks.compactMap { ($0["acknowledger"] as? [String: Any])?["summary"] as? String } == ["Alice Ng"])
        let log = base.object(try await base.get(server, "/incidents/\(id)/log_entries?limit=100"))["log_entries"] as? [[String: Any]] ?? []
        #expect(log.contains { ($0["summary"] as? String)?.contains("Priority changed to P3") == true })
    }

    @Test func refusalsRecordContractBreachesOnly() async throws {
        let server = try base.fake()
        defer { server.shutdown() }
        _ = try await base.get(server, "/services?colour=red")
        _ = try await base.get(server, "/nowhere")
        _ = try await base.call(server, "POST", "/incidents", json: FakeIncidentWriteTests.created, from: "a@example.com", contentType: "text/plain")
        _ = try await base.call(server, "PATCH", "/teams", json: [:])
        // Not breaches: an unknown id, an ended window, a per-item override error.
        _ = try await base.get(server, "/services/PNOPE")
        server.directory.addMaintenanceWindow(.init(id: "PMWOLD", sequenceNumber: 1, start: 0, end: 60, description: "old", serviceIDs: ["PSVC001"]))
        _ = try await base.call(server, "DELETE", "/maintenance_windows/PMWOLD")
        _ = try await base.call(server, "POST", "/schedules/PSCHED1/overrides", json: ["overrides": [
            ["start": "2026-12-08T00:00:00Z", "end": "2026-12-08T00:00:00Z", "user": ["id": "PUSR001", "type": "user_reference"]],
        ]])
        #expect(server.refusals == [
            "GET /services: colour is not a parameter of this endpoint",
            "GET /nowhere: No route GET /nowhere",
            "POST /incidents: Content-Type must be application/json",
            "PATCH /teams: PATCH is not allowed on /teams",
        ])
        server.clearRefusals()
        #expect(server.refusals.isEmpty)
    }
}
