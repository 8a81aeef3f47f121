import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// The fake refuses writes the way PagerDuty does, so a client that gets them wrong fails.
@Suite struct IncidentActionsFakeTests {
    private static let accept = "application/vnd.pagerduty+json;version=2"

    /// Sends `body` raw and returns the status and PagerDuty's error strings.
    private func send(_ fake: RESTServer, _ method: String, _ path: String, _ body: String, from: String? = "me@example.com")
        async throws -> (status: Int, errors: [String]) {
        var headers = [HTTPHeader("Accept", Self.accept), HTTPHeader("Authorization", "Token token=\(IncidentsSession.apiKey)"),
                       HTTPHeader("Content-Type", "application/json")]
        if let from { headers.append(HTTPHeader("From", from)) }
        var configuration = HTTPClientConfiguration()
        configuration.retry = RetryPolicy(maxAttempts: 1)
        let response = try await HTTPClient(configuration: configuration).send(
            HTTPClient.Request(method: method, url: fake.baseURL + path, headers: headers, body: body.isEmpty ? nil : Data(body.utf8)))
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        return (response.status, ((object?["error"] as? [String: Any])?["errors"] as? [String]) ?? [])
    }

    @Test func writesAreCheckedAsPagerDutyChecksThem() async throws {
        let session = try IncidentsSession(incidents: 300)
        defer { session.close() }
        let fake = session.fake
        let id = fake.incidents[0].id
        let ack = #"{"incidents":[{"id":"\#(id)","type":"incident_reference","status":"acknowledged"}]}"#

        let noFrom = try await send(fake, "PUT", "/incidents", ack, from: nil)
        #expect(noFrom.status == 400)
        #expect(noFrom.errors.first?.contains("From") == true)

        let untyped = try await send(fake, "PUT", "/incidents", #"{"incidents":[{"id":"\#(id)","status":"acknowledged"}]}"#)
        #expect(untyped.status == 400)

        let badStatus = try await send(fake, "PUT", "/incidents", #"{"incidents":[{"id":"\#(id)","type":"incident_reference","status":"done"}]}"#)
        #expect(badStatus.status == 400)

        let items = fake.incidents.prefix(251).map { #"{"id":"\#($0.id)","type":"incident_reference","status":"resolved"}"# }
        let tooMany = try await send(fake, "PUT", "/incidents", #"{"incidents":[\#(items.joined(separator: ","))]}"#)
        #expect(tooMany.status == 400)
        #expect(tooMany.errors.first?.contains("250") == true)
        #expect(fake.incidents.prefix(251).map(\.status) == IncidentGenerator.incidents(count: 300).prefix(251).map(\.status))

        let acknowledged = fake.incidents.first { $0.status == "acknowledged" }!.id
        for duration in ["0", "604801", "1.5", "\"60\""] {
            let snooze = try await send(fake, "POST", "/incidents/\(acknowledged)/snooze", #"{"duration":\#(duration)}"#)
            #expect(snooze.status == 400, "duration \(duration)")
        }
        #expect(try await send(fake, "POST", "/incidents/\(acknowledged)/snooze", #"{"duration":604800}"#).status == 201)

        let resolved = fake.incidents.first { $0.status == "resolved" }!.id
        let open = fake.incidents.filter { $0.status != "resolved" }.map(\.id)
        let merge = try await send(fake, "PUT", "/incidents/\(open[0])/merge",
                                   #"{"source_incidents":[{"id":"\#(resolved)","type":"incident_reference"}]}"#)
        #expect(merge.status == 400)
        let untypedMerge = try await send(fake, "PUT", "/incidents/\(open[0])/merge", #"{"source_incidents":[{"id":"\#(open[1])"}]}"#)
        #expect(untypedMerge.status == 400)

        let emptyNote = try await send(fake, "POST", "/incidents/\(id)/notes", #"{"note":{"content":""}}"#)
        #expect(emptyNote.status == 400)
        #expect(fake.incidentBook.notes(id).isEmpty)
        #expect(try await send(fake, "GET", "/incidents/PNOPE", "").status == 404)
    }
}
