import Foundation

extension IncidentStatus {
    /// The past tense a person reads in "acknowledged 3 incidents".
    package var verb: String {
        switch self {
        case .triggered: return "re-triggered"
        case .acknowledged: return "acknowledged"
        case .resolved: return "resolved"
        }
    }
}

/// Where an incident goes in `reassign`: users, or an escalation policy.
package enum IncidentAssignee: Sendable, Equatable {
    case users([String])
    case escalationPolicy(String)
}

/// What a bulk change did: the incidents as PagerDuty answered them, and the ids it refused, with
/// why (`notFound` when PagerDuty has no such incident: exit 2 rather than 5 when that is all).
package struct IncidentBulkOutcome: Sendable {
    package var changed: [JSONValue] = []
    package var failed: [(id: String, reason: String, notFound: Bool)] = []

    package init() {}
}

/// The `From` header of writes: PagerDuty records the acting user by this email (SPEC §2).
package enum RequesterEmail {
    /// `--from`, else `$PAGERDUTY_FROM`, else the email kept on the identity (asked from `/users/me`
    /// when it was stored), else an `email` tag; nil when none is known. An empty value given explicitly is a usage error.
    package static func resolve(explicit: String?, environment: [String: String], identity: Identity?) throws(InvalidInput) -> String? {
        if let explicit { return try checked(explicit, from: .given) }
        if let value = environment["PAGERDUTY_FROM"] { return try checked(value, from: .environment("PAGERDUTY_FROM")) }
        if let identity {
            if let email = identity.email, !email.isEmpty { return email }
            if let email = identity.tags["email"], !email.isEmpty { return email }
        }
        return nil
    }

    /// An email given for `From`: not blank, and without a control character (a line break would
    /// let it add headers of its own).
    private static func checked(_ value: String, from source: InvalidInput.ValueSource) throws(InvalidInput) -> String {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvalidInput(.requester(from: source), "give the email of the PagerDuty user acting, e.g. alice@example.com")
        }
        guard !ControlCharacter.any(in: value) else {
            throw InvalidInput(.requester(from: source), "the email must not contain control characters")
        }
        return value
    }
}

/// A write has no `From` (no email given, none in the environment or on the identity); nothing
/// was sent (exit 64).
package struct RequesterMissing: LocalizedError, Sendable, Equatable {
    package init() {}

    package var errorDescription: String? {
        "this change needs the email of the PagerDuty user acting (PagerDuty's From header), and none is known"
    }
}

extension PagerDutyClient {
    /// Most incidents one `PUT /incidents` may change.
    public static let bulkLimit = 250

    /// `GET /incidents/{id}`; a 404 is `LookupError.incidentNotFound`.
    public func incident(_ id: String) async throws -> JSONValue {
        try await incident(id, named: id)
    }

    /// `GET /incidents/{idOrNumber}`; a 404 is the incident `name` (as the user wrote it) not found.
    func incident(_ idOrNumber: String, named name: String) async throws -> JSONValue {
        let body = try await request("GET", Self.incidentPath(idOrNumber), notFound: name)
        guard let incident = body["incident"], incident.objectValue != nil else {
            throw PagerDutyError.malformedResponse(reason: "GET /incidents/{id} has no incident object")
        }
        return incident
    }

    /// Sets `status` on every id, `bulkLimit` per `PUT /incidents`. A refused batch is retried one
    /// incident at a time (`PUT /incidents/{id}`), so one bad id costs only itself.
    package func setStatus(_ status: IncidentStatus, ids: [String], from: String) async throws -> IncidentBulkOutcome {
        try await bulkUpdate(ids: ids, from: from) { _ in ["status": .string(status.rawValue)] }
    }

    /// Assigns every id to `assignee` (users replace the assignments; a policy re-escalates).
    package func reassign(ids: [String], to assignee: IncidentAssignee, from: String) async throws -> IncidentBulkOutcome {
        let fields: [String: JSONValue]
        switch assignee {
        case .users(let users):
            fields = ["assignments": .array(users.map {
                .object(["assignee": .object(["id": .string($0), "type": .string("user_reference")])])
            })]
        case .escalationPolicy(let policy):
            fields = ["escalation_policy": .object(["id": .string(policy), "type": .string("escalation_policy_reference")])]
        }
        return try await bulkUpdate(ids: ids, from: from) { _ in fields }
    }

    /// `POST /incidents/{id}/snooze` for `seconds` (1...604,800, as the API allows); the incident after.
    public func snooze(_ id: String, seconds: Int, from: String) async throws -> JSONValue {
        let body = try await request(
            "POST", Self.incidentPath(id) + "/snooze", body: .object(["duration": .number(Double(seconds))]), from: from, notFound: id)
        return body["incident"] ?? body
    }

    /// `POST /incidents/{id}/notes`: sent once, never retried after the request may have arrived.
    public func addNote(_ id: String, content: String, from: String) async throws -> JSONValue {
        let body = try await request(
            "POST", Self.incidentPath(id) + "/notes", body: .object(["note": .object(["content": .string(content)])]),
            from: from, notFound: id)
        guard let note = body["note"] else { throw PagerDutyError.malformedResponse(reason: "POST /incidents/{id}/notes has no note") }
        return note
    }

    /// `GET /incidents/{id}/notes`.
    public func notes(_ id: String) async throws -> [JSONValue] {
        let body = try await request("GET", Self.incidentPath(id) + "/notes", notFound: id)
        guard let notes = body["notes"]?.arrayValue else {
            throw PagerDutyError.malformedResponse(reason: "GET /incidents/{id}/notes has no notes array")
        }
        return notes
    }

    /// `PUT /incidents/{target}/merge` with the sources as references; the target after.
    public func merge(into target: String, sources: [String], from: String) async throws -> JSONValue {
        let references = sources.map { JSONValue.object(["id": .string($0), "type": .string("incident_reference")]) }
        let body = try await request(
            "PUT", Self.incidentPath(target) + "/merge", body: .object(["source_incidents": .array(references)]),
            from: from, notFound: target)
        return body["incident"] ?? body
    }

    /// `GET /incidents/{id}/log_entries`: one page of up to 100, or every page with `all`; oldest first.
    public func logEntries(_ id: String, all: Bool) async throws -> [JSONValue] {
        var entries: [JSONValue] = []
        var offset = 0
        while true {
            let body = try await request(
                "GET", Self.incidentPath(id) + "/log_entries",
                query: [("limit", "100"), ("offset", String(offset))], notFound: id)
            guard let page = body["log_entries"]?.arrayValue else {
                throw PagerDutyError.malformedResponse(reason: "GET /incidents/{id}/log_entries has no log_entries array")
            }
            entries += page
            offset += page.count
            var more = false
            if case .bool(let value) = body["more"] { more = value }
            guard all, more, !page.isEmpty, offset < IncidentListing.offsetCeiling else { break }
        }
        // The API lists newest first; a log reads from the beginning. The sort is stable for equal times.
        let keyed = entries.enumerated().map { (time: $0.element["created_at"]?.stringValue.flatMap(Timestamp.parse) ?? .distantPast,
                                                index: $0.offset, entry: $0.element) }
        return keyed.sorted { $0.time != $1.time ? $0.time < $1.time : $0.index > $1.index }.map(\.entry)
    }

    // MARK: - Requests

    private func bulkUpdate(
        ids: [String], from: String, fields: @Sendable (String) -> [String: JSONValue]
    ) async throws -> IncidentBulkOutcome {
        var outcome = IncidentBulkOutcome()
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + Self.bulkLimit, ids.count)])
            start += batch.count
            let items = batch.map { id -> JSONValue in
                var item = fields(id)
                item["id"] = .string(id)
                item["type"] = .string("incident_reference")
                return .object(item)
            }
            do {
                let body = try await request("PUT", "/incidents", body: .object(["incidents": .array(items)]), from: from)
                let answered = body["incidents"]?.arrayValue ?? []
                let byID = Dictionary(answered.compactMap { incident in incident["id"]?.stringValue.map { ($0, incident) } },
                                      uniquingKeysWith: { first, _ in first })
                for id in batch {
                    if let incident = byID[id] {
                        outcome.changed.append(incident)
                    } else {
                        outcome.failed.append((id, "PagerDuty did not return it as changed", false))
                    }
                }
            } catch let error as TransferError {
                // PagerDuty could not be reached after retries: this batch did not happen; the next may.
                outcome.failed += batch.map { ($0, error.localizedDescription, false) }
            } catch let error as PagerDutyError {
                if case .unauthorized = error { throw error }
                if case .forbidden = error { throw error }
                // The batch was refused as a whole: find the ids at fault one by one.
                for id in batch {
                    var item = fields(id)
                    item["type"] = .string("incident_reference")
                    do {
                        let body = try await request("PUT", Self.incidentPath(id), body: .object(["incident": .object(item)]),
                                                     from: from, notFound: id)
                        outcome.changed.append(body["incident"] ?? .object(["id": .string(id)]))
                    } catch let error as PagerDutyError {
                        if case .unauthorized = error { throw error }
                        if case .forbidden = error { throw error }
                        outcome.failed.append((id, error.shortReason, false))
                    } catch is LookupError {
                        outcome.failed.append((id, "not found", true))
                    } catch let error as TransferError {
                        outcome.failed.append((id, error.localizedDescription, false))
                    }
                }
            }
        }
        return outcome
    }

    /// `/incidents/ID` with the id percent-encoded, so an odd argument cannot reach another path.
    static func incidentPath(_ id: String) -> String {
        "/incidents/" + FormEncoding.escape(id)
    }

    /// One API call with PagerDuty's headers, `From` on writes, the 401 refresh retry, and errors
    /// mapped (a 404 with `notFound` set is that incident missing). PUT is retried like GET (it is
    /// idempotent); POST only where it cannot have arrived (`HTTPClient.Request`'s default `retryOnFailure`).
    func request(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        from: String? = nil, notFound: String? = nil
    ) async throws -> JSONValue {
        try await exchange(method, path, query: query, body: body, from: from, missing: notFound.map { LookupError.incidentNotFound($0) }).body
    }

    /// `request`, with the 2xx status too (PagerDuty says 200 or 204 for different outcomes of a
    /// DELETE), and `missing` as the error of a 404 (nil: PagerDuty's own error).
    func exchange(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        from: String? = nil, missing: (any Error & Sendable)? = nil
    ) async throws -> (status: Int, body: JSONValue) {
        let url = baseURL + path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let payload = body.map { Data($0.serialized(pretty: false).utf8) }
        var headers = [HTTPHeader("Accept", Self.accept)]
        if payload != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        if let from { headers.append(HTTPHeader("From", from)) }
        let (response, token) = try await authorized(HTTPClient.Request(method: method, url: url, headers: headers, body: payload))
        if response.status == 404, let missing { throw missing }
        guard (200..<300).contains(response.status) else { throw failure(for: response, token: token) }
        if response.body.isEmpty { return (response.status, .object([:])) }
        do {
            return (response.status, try JSONValue.parse(response.body))
        } catch {
            throw PagerDutyError.malformedResponse(reason: "\(method) \(path) did not answer JSON")
        }
    }
}

extension PagerDutyError {
    /// The message without the "PagerDuty answered" preamble, for naming failed ids.
    var shortReason: String {
        switch self {
        case .api(let status, _, let message, let errors):
            return "HTTP \(status): " + ([message] + errors).joined(separator: "; ")
        default:
            return errorDescription ?? "failed"
        }
    }
}
