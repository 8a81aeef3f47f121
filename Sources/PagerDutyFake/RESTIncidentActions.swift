import Foundation
import Synchronization

/// The fake's incidents as they change: the writes PagerDuty's OpenAPI document defines on one
/// incident or many (`PUT /incidents`, `GET/PUT /incidents/{id}`, snooze, notes, merge,
/// log_entries), validated the way PagerDuty validates them so that a wrong client fails: a `From`
/// header on every write, references typed `incident_reference`, at most 250 incidents per bulk
/// update, snooze durations of 1...604,800 s on acknowledged incidents only, no merging of
/// resolved incidents. Bulk updates are all-or-nothing. Listing (`GET /incidents`) reads the same
/// incidents, so a change shows up there at once.
///
/// Written with Foundation's JSONSerialization and literals from the OpenAPI document only: the
/// fake shares no code with the client it tests.
public final class FakeIncidentBook: Sendable {
    /// Faults a test injects into the writes.
    public struct Faults: Sendable {
        /// Incidents whose updates are refused with 400 (a bulk update naming one is refused whole).
        public var failingIDs: Set<String> = []
        /// The next this-many POSTs are carried out and then answered by dropping the connection,
        /// as when the network fails after the server got the request.
        public var dropAfterPosts = 0

        public init() {}
    }

    /// A note as `GET /incidents/{id}/notes` lists it.
    public struct Note: Sendable {
        public var id: String
        public var content: String
        public var userID: String
        public var createdAt: Int
    }

    struct LogEntry {
        var id: String
        var type: String
        var createdAt: Int
        var summary: String
    }

    /// The incidents and everything written to them; the endpoints are its methods (extension
    /// below), so each runs whole under the book's one lock.
    struct Ledger {
        var all: [FakeIncident]
        var position: [String: Int]
        var changes = 0
        var faults = Faults()
        var notesByID: [String: [Note]] = [:]
        var logByID: [String: [LogEntry]] = [:]
        var bulkRequests = 0
        var nextID = 1
        /// Alert counts of merge targets (sources' alerts move to the target).
        var alertsByID: [String: Int] = [:]
        /// Services, priorities, escalation policies and users that incident writes refer to.
        let directory: RESTDirectory
    }

    private let ledger: Mutex<Ledger>

    init(incidents: [FakeIncident], directory: RESTDirectory) {
        let position = Dictionary(incidents.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        ledger = Mutex(Ledger(all: incidents, position: position, directory: directory))
    }

    /// The incidents now, oldest first.
    public var incidents: [FakeIncident] { ledger.withLock { $0.all } }

    /// Grows with every change; listings cache their matches per version.
    public var version: Int { ledger.withLock { $0.changes } }

    /// The incident with this id now.
    public func incident(_ id: String) -> FakeIncident? {
        ledger.withLock { ledger in ledger.position[id].map { ledger.all[$0] } }
    }

    /// The notes of an incident, oldest first.
    public func notes(_ id: String) -> [Note] { ledger.withLock { $0.notesByID[id] ?? [] } }

    /// `PUT /incidents` requests served (accepted or refused).
    public var bulkUpdateRequests: Int { ledger.withLock { $0.bulkRequests } }

    /// Changes the injected faults.
    public func configure(_ change: (inout Faults) -> Void) { ledger.withLock { change(&$0.faults) } }

    /// Triggers a new incident (numbered after the last, created now), as an alert would.
    @discardableResult
    public func trigger(title: String = "New alert") -> FakeIncident {
        ledger.withLock { ledger in
            var incident = IncidentGenerator.make(ledger.all.count + 1)
            let now = Self.now()            // Later than every other incident, so a newest-first listing shows it on top.
            incident.createdAt = max(now, (ledger.all.last?.createdAt ?? now) + 1)
            incident.status = "triggered"
            incident.title = title
            incident.resolvedAt = nil
            var object = Self.parse(incident.json)
            object["status"] = "triggered"
            object["title"] = title
            object["resolved_at"] = NSNull()
            object["created_at"] = IncidentGenerator.format(incident.createdAt)
            object["updated_at"] = IncidentGenerator.format(incident.createdAt)
            incident.json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? incident.json
            ledger.position[incident.id] = ledger.all.count
            ledger.all.append(incident)
            ledger.changes += 1
            return incident
        }
    }

    /// Sets a status as another client (the web UI, a phone) would.
    public func setStatus(_ id: String, _ status: String, by user: String = "PUSR002") {
        ledger.withLock { _ = $0.apply(id: id, fields: ["status": status], user: user, now: Self.now()) }
    }

    // MARK: - Routing

    /// The answer to an action route, or nil when `request` is not one (the caller answers it).
    func handle(_ request: FakeRequest, user: String, now: Int) -> FakeResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "incidents", ID?, action?
        guard parts.count >= 2, parts[0].isEmpty, parts[1] == "incidents" else { return nil }
        let id = parts.count > 2 ? (parts[2].removingPercentEncoding ?? parts[2]) : nil
        let action = parts.count > 3 ? parts[3] : nil
        guard parts.count <= 4 else { return Self.error(404, code: 2100, "Not Found") }
        switch (request.method, id, action) {
        case ("PUT", nil, nil): return write(request) { $0.bulkUpdate($1, user: user) }
        case ("POST", nil, nil): return write(request) { $0.create($1, user: user, now: now) }
        case ("GET", let id?, nil): return ledger.withLock { $0.show(id) }
        case ("PUT", let id?, nil): return write(request) { $0.updateOne(id, $1, user: user) }
        case ("POST", let id?, "snooze"?): return write(request) { $0.snooze(id, $1, user: user) }
        case ("POST", let id?, "notes"?): return write(request) { $0.addNote(id, $1, user: user) }
        case ("GET", let id?, "notes"?): return ledger.withLock { $0.listNotes(id) }
        case ("PUT", let id?, "merge"?): return write(request) { $0.merge(id, $1, user: user) }
        case ("GET", let id?, "log_entries"?): return ledger.withLock { $0.logEntries(id, request.queryItems) }
        case (_, nil, nil): return nil
        case ("GET", _, _), ("PUT", _, _), ("POST", _, _): return Self.error(404, code: 2100, "Not Found")
        default: return Self.error(405, code: 2100, "Method not allowed")
        }
    }

    /// Checks what every write needs (From, a JSON object body), then runs `body` under the lock.
    private func write(_ request: FakeRequest, _ body: (inout Ledger, [String: Any]) -> FakeResponse) -> FakeResponse {
        guard let from = request.header("From"), !from.trimmingCharacters(in: .whitespaces).isEmpty else {
            return Self.error(400, code: 2001, "Invalid Input Provided",
                              errors: ["You must specify a user's email address in the \"From\" header to perform this action"])
        }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            return Self.error(415, code: 2001, "Unsupported Media Type", errors: ["Content-Type must be application/json"])
        }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
            return Self.error(400, code: 2001, "Invalid Input Provided", errors: ["The request body is not a JSON object"])
        }
        var response = ledger.withLock { body(&$0, object) }
        if request.method == "POST", (200..<300).contains(response.status) {
            let drop = ledger.withLock { ledger in
                guard ledger.faults.dropAfterPosts > 0 else { return false }
                ledger.faults.dropAfterPosts -= 1
                return true
            }
            if drop { response.dropConnection = true }
        }
        return response
    }

    // MARK: - JSON literals

    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    static func parse(_ data: Data) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static func userName(_ id: String) -> String {
        IncidentGenerator.users.first { $0.0 == id }?.1 ?? id
    }

    static func object(_ note: Note) -> [String: Any] {
        ["id": note.id, "content": note.content, "created_at": IncidentGenerator.format(note.createdAt),
         "user": ["id": note.userID, "type": "user_reference", "summary": userName(note.userID)]]
    }

    static func json(_ status: Int, _ object: [String: Any]) -> FakeResponse {
        FakeResponse.json(status, object: object)
    }

    static func notFound(_ id: String) -> FakeResponse {
        error(404, code: 2100, "Not Found", errors: ["Incident \(id) not found"])
    }

    static func invalid(_ reason: String) -> FakeResponse {
        error(400, code: 2001, "Invalid Input Provided", errors: [reason])
    }

    /// PagerDuty's error body.
    static func error(_ status: Int, code: Int, _ message: String, errors: [String] = []) -> FakeResponse {
        json(status, ["error": ["message": message, "code": code, "errors": errors]])
    }
}

/// The endpoints and the changes they make, each called with the book's lock held.
extension FakeIncidentBook.Ledger {
    private typealias Book = FakeIncidentBook

    // MARK: - Endpoints

    /// `GET /incidents/{id}`: "Accepts either an incident id, or an incident number" (PagerDuty's
    /// API reference); every other incident endpoint takes the id only.
    func show(_ idOrNumber: String) -> FakeResponse {
        var found = position[idOrNumber]
        if found == nil, let number = Int(idOrNumber), idOrNumber.allSatisfy(\.isASCII) {
            found = all.firstIndex { $0.number == number }
        }
        guard let index = found else { return Book.notFound(idOrNumber) }
        return Book.json(200, ["incident": detail(all[index])])
    }

    mutating func bulkUpdate(_ body: [String: Any], user: String) -> FakeResponse {
        bulkRequests += 1
        guard let items = body["incidents"] as? [Any], !items.isEmpty else {
            return Book.invalid("incidents must be a non-empty array")
        }
        guard items.count <= 250 else { return Book.invalid("at most 250 incidents can be updated in one request; \(items.count) given") }
        var planned: [(String, [String: Any])] = []
        var seen = Set<String>()
        for item in items {
            guard let item = item as? [String: Any], let id = item["id"] as? String else { return Book.invalid("every incident needs an id") }
            guard let type = item["type"] as? String, ["incident", "incident_reference"].contains(type) else {
                return Book.invalid("incident \(id): type must be incident or incident_reference")
            }
            guard seen.insert(id).inserted else { return Book.invalid("incident \(id) is given twice") }
            if let problem = check(item) { return Book.invalid("incident \(id): \(problem)") }
            guard position[id] != nil else { return Book.invalid("incident \(id) not found") }
            if let problem = checkLevel(id, item) { return Book.invalid("incident \(id): \(problem)") }
            if faults.failingIDs.contains(id) { return Book.invalid("incident \(id) could not be updated (injected)") }
            planned.append((id, item))
        }
        let now = Book.now()
        let changed = planned.map { apply(id: $0.0, fields: $0.1, user: user, now: now) }
        return Book.json(200, ["incidents": changed.map { detail($0) }])
    }

    mutating func updateOne(_ id: String, _ body: [String: Any], user: String) -> FakeResponse {
        guard let fields = body["incident"] as? [String: Any] else { return Book.invalid("incident must be an object") }
        guard let type = fields["type"] as? String, ["incident", "incident_reference"].contains(type) else {
            return Book.invalid("incident.type must be incident or incident_reference")
        }
        if let problem = check(fields) { return Book.invalid(problem) }
        guard position[id] != nil else { return Book.notFound(id) }
        if let problem = checkLevel(id, fields) { return Book.invalid(problem) }
        if faults.failingIDs.contains(id) { return Book.invalid("incident \(id) could not be updated (injected)") }
        return Book.json(200, ["incident": detail(apply(id: id, fields: fields, user: user, now: Book.now()))])
    }

    mutating func snooze(_ id: String, _ body: [String: Any], user: String) -> FakeResponse {
        guard let number = body["duration"] as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
            return Book.invalid("duration must be an integer number of seconds")
        }
        let duration = number.intValue
        guard (1...604_800).contains(duration) else { return Book.invalid("duration must be between 1 and 604800 seconds") }
        guard let index = position[id] else { return Book.notFound(id) }
        guard all[index].status == "acknowledged" else {
            return Book.invalid("incident \(id) is \(all[index].status); only acknowledged incidents can be snoozed")
        }
        let now = Book.now()
        log(id, "snooze_log_entry", now, "Snoozed for \(duration) seconds by \(user)")
        changes += 1
        var object = detail(all[index])
        object["pending_actions"] = [["type": "unacknowledge", "at": IncidentGenerator.format(now + duration)]]
        return Book.json(201, ["incident": object])
    }

    mutating func addNote(_ id: String, _ body: [String: Any], user: String) -> FakeResponse {
        guard let note = body["note"] as? [String: Any], let content = note["content"] as? String else {
            return Book.invalid("note.content is required")
        }
        guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return Book.invalid("note.content must not be empty") }
        guard content.count <= 25_000 else { return Book.invalid("note.content must be at most 25000 characters") }
        guard position[id] != nil else { return Book.notFound(id) }
        let now = Book.now()
        let created = Book.Note(id: newID("PNOTE"), content: content, userID: user, createdAt: now)
        notesByID[id, default: []].append(created)
        log(id, "annotate_log_entry", now, "Note added by \(user)")
        changes += 1
        return Book.json(200, ["note": Book.object(created)])
    }

    func listNotes(_ id: String) -> FakeResponse {
        guard position[id] != nil else { return Book.notFound(id) }
        return Book.json(200, ["notes": (notesByID[id] ?? []).map(Book.object)])
    }

    mutating func merge(_ target: String, _ body: [String: Any], user: String) -> FakeResponse {
        guard let sources = body["source_incidents"] as? [Any], !sources.isEmpty else {
            return Book.invalid("source_incidents must be a non-empty array")
        }
        guard let targetIndex = position[target] else { return Book.notFound(target) }
        guard all[targetIndex].status != "resolved" else { return Book.invalid("incident \(target) is resolved; resolved incidents cannot be merged") }
        var ids: [String] = []
        for source in sources {
            guard let source = source as? [String: Any], let id = source["id"] as? String,
                  source["type"] as? String == "incident_reference" else {
                return Book.invalid("every source incident needs an id and type incident_reference")
            }
            guard id != target, !ids.contains(id) else { return Book.invalid("incident \(id) cannot be merged into itself or twice") }
            guard let index = position[id] else { return Book.invalid("incident \(id) not found") }
            guard all[index].status != "resolved" else { return Book.invalid("incident \(id) is resolved; resolved incidents cannot be merged") }
            ids.append(id)
        }
        let now = Book.now()
        for id in ids {
            alertsByID[target, default: 1] += alertsByID[id] ?? 1
            _ = apply(id: id, fields: ["status": "resolved"], user: user, now: now)
            log(id, "merge_log_entry", now, "Merged into \(target) by \(user)")
        }
        log(target, "merge_log_entry", now, "\(ids.count) incidents merged in by \(user)")
        changes += 1
        return Book.json(200, ["incident": detail(all[targetIndex])])
    }

    func logEntries(_ id: String, _ query: [(String, String)]) -> FakeResponse {
        let known: Set<String> = ["limit", "offset", "total", "time_zone", "since", "until", "is_overview", "include[]"]
        var limit = 25, offset = 0, total = false
        for (name, value) in query {
            guard known.contains(name) else { return Book.invalid("Unknown query parameter '\(name)'") }
            switch name {
            case "limit":
                guard let number = Int(value), (1...100).contains(number) else { return Book.invalid("limit must be between 1 and 100") }
                limit = number
            case "offset":
                guard let number = Int(value), number >= 0 else { return Book.invalid("offset must be a non-negative integer") }
                offset = number
            case "total": total = value == "true"
            default: break
            }
        }
        guard let index = position[id] else { return Book.notFound(id) }
        let incident = all[index]
        var entries = [Book.LogEntry(id: "PLOG\(incident.id)T", type: "trigger_log_entry", createdAt: incident.createdAt,
                                summary: "Triggered through the API")]
        if incident.status == "resolved", logByID[id]?.contains(where: { $0.type == "resolve_log_entry" }) != true,
           let resolvedAt = incident.resolvedAt {
            entries.append(Book.LogEntry(id: "PLOG\(incident.id)R", type: "resolve_log_entry", createdAt: resolvedAt, summary: "Resolved"))
        }
        entries += logByID[id] ?? []
        // PagerDuty lists newest first.
        let ordered = entries.enumerated().sorted { $0.element.createdAt != $1.element.createdAt
            ? $0.element.createdAt > $1.element.createdAt : $0.offset > $1.offset }.map(\.element)
        let page = ordered.dropFirst(offset).prefix(limit)
        let objects: [[String: Any]] = page.map { entry in
            ["id": entry.id, "type": entry.type, "summary": entry.summary, "created_at": IncidentGenerator.format(entry.createdAt),
             "incident": ["id": id, "type": "incident_reference"]]
        }
        return Book.json(200, ["log_entries": objects, "limit": limit, "offset": offset,
                               "more": offset + page.count < ordered.count, "total": total ? ordered.count as Any : NSNull() as Any])
    }
}
