import Foundation

/// The PagerDuty objects a command may name by id or by name (SPEC §2 "on call"): where the API
/// lists them, what it calls them, and how a name is matched.
package enum DirectoryKind: String, Sendable, CaseIterable {
    case service, team, schedule, escalationPolicy, user, priority

    /// The collection's path and the key of its array (`/escalation_policies`).
    package var collection: String {
        switch self {
        case .service: return "services"
        case .team: return "teams"
        case .schedule: return "schedules"
        case .escalationPolicy: return "escalation_policies"
        case .user: return "users"
        case .priority: return "priorities"
        }
    }

    /// The key of one object in a `GET /collection/{id}` answer.
    package var member: String {
        switch self {
        case .escalationPolicy: return "escalation_policy"
        default: return rawValue
        }
    }

    /// What a person calls one (`escalation policy`).
    package var noun: String {
        switch self {
        case .escalationPolicy: return "escalation policy"
        default: return rawValue
        }
    }

    /// The `type` of a reference to one in a request body (`service_reference`).
    package var referenceType: String { member + "_reference" }

    /// False for priorities: the API has no `GET /priorities/{id}` and no `query`; the whole list
    /// (a handful) is read and matched here.
    var isSearchable: Bool { self != .priority }
}

/// One object a name or id resolved to.
package struct DirectoryEntry: Sendable, Equatable {
    package var id: String
    package var name: String
    /// A user's email; nil for the other kinds.
    package var email: String?
    /// The object as PagerDuty answered it.
    package var object: JSONValue

    package init(id: String, name: String, email: String? = nil, object: JSONValue) {
        self.id = id
        self.name = name
        self.email = email
        self.object = object
    }

    /// `{"id": ID, "type": "service_reference"}` for a request body.
    package func reference(_ kind: DirectoryKind) -> JSONValue {
        .object(["id": .string(id), "type": .string(kind.referenceType)])
    }
}

/// A name that resolved to no object (exit 2) or to several (exit 64, the candidates listed).
package enum DirectoryLookupError: LocalizedError, Sendable, Equatable {
    case notFound(DirectoryKind, String)
    case ambiguous(DirectoryKind, String, candidates: [DirectoryEntry])
    /// Something named by its id alone (an override, a maintenance window) that PagerDuty does not have.
    case missing(what: String, id: String)

    package var errorDescription: String? {
        switch self {
        case .notFound(let kind, let text):
            let how = kind == .user ? "id, name or email" : "id or name"
            return "no \(kind.noun) has the \(how) '\(ServerText.forMessage(text))' (PagerDuty was asked; names match whole, in any case)"
        case .ambiguous(let kind, let text, let candidates):
            let listed = candidates.prefix(10).map { "\(ServerText.forMessage($0.name)) (\($0.id))" }.joined(separator: ", ")
            let more = candidates.count > 10 ? " and \(candidates.count - 10) more" : ""
            return "\(candidates.count) \(kind.collection.replacingOccurrences(of: "_", with: " ")) are named '\(ServerText.forMessage(text))': \(listed)\(more)"
        case .missing(let what, let id):
            return "no \(what) with id '\(ServerText.forMessage(id))' (PagerDuty answered 404)"
        }
    }
}

extension PagerDutyClient {
    /// The most objects one listing reads: PagerDuty's classic pagination ends at offset 10,000.
    package static let listingCeiling = 10_000

    /// What `text` names: an id (asked with `GET /collection/{id}`), else the one object whose
    /// name (or a user's email) is `text` exactly, in any case, among those the API's `query`
    /// finds. The one place every command resolves a name; a command resolves each once.
    package func resolve(_ kind: DirectoryKind, _ text: String) async throws -> DirectoryEntry {
        let given = text.trimmingCharacters(in: .whitespaces)
        guard !given.isEmpty, !ControlCharacter.any(in: given) else {
            throw InvalidInput(.directory(kind.noun), "give the \(kind.noun)'s id or name (not empty, no control characters)")
        }
        if kind.isSearchable, Self.looksLikeID(given) {
            do {
                if let entry = try await find(kind, id: given) { return entry }
            } catch PagerDutyError.forbidden {
                // A token scoped without read access to this kind (an OAuth app asking only for
                // incidents) may still use an id: it goes to PagerDuty as given.
                return DirectoryEntry(id: given, name: given, object: .null)
            }
        }
        let candidates = try await list(kind, query: kind.isSearchable ? [("query", given)] : [])
        let wanted = given.lowercased()
        let matches = candidates.filter { entry in
            entry.name.lowercased() == wanted || entry.email?.lowercased() == wanted || (!kind.isSearchable && entry.id == given)
        }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw DirectoryLookupError.notFound(kind, given)
        default: throw DirectoryLookupError.ambiguous(kind, given, candidates: matches)
        }
    }

    /// Each of `texts` resolved once (a name given twice is asked once), in order.
    package func resolve(_ kind: DirectoryKind, _ texts: [String]) async throws -> [DirectoryEntry] {
        var done: [String: DirectoryEntry] = [:]
        var entries: [DirectoryEntry] = []
        for text in texts {
            if let entry = done[text] {
                entries.append(entry)
                continue
            }
            let entry = try await resolve(kind, text)
            done[text] = entry
            entries.append(entry)
        }
        return entries
    }

    /// `GET /collection/{id}`: the object, or nil when PagerDuty has none with that id.
    package func find(_ kind: DirectoryKind, id: String, query: [(String, String)] = []) async throws -> DirectoryEntry? {
        do {
            let body = try await request("GET", "/\(kind.collection)/" + FormEncoding.escape(id), query: query)
            guard let object = body[kind.member], let entry = Self.entry(object) else {
                throw PagerDutyError.malformedResponse(reason: "GET /\(kind.collection)/{id} has no \(kind.member) object")
            }
            return entry
        } catch PagerDutyError.api(status: 404, _, _, _) {
            return nil
        }
    }

    /// `GET /collection/{id}`, a 404 being "no such \(kind)" (exit 2).
    package func show(_ kind: DirectoryKind, id: String, query: [(String, String)] = []) async throws -> DirectoryEntry {
        guard let entry = try await find(kind, id: id, query: query) else { throw DirectoryLookupError.notFound(kind, id) }
        return entry
    }

    /// Every object of `kind` the query selects, page after page (`limit=100`), up to
    /// `listingCeiling`; objects without an id are malformed answers.
    package func list(_ kind: DirectoryKind, query: [(String, String)] = [], max: Int = PagerDutyClient.listingCeiling) async throws -> [DirectoryEntry] {
        try await listObjects(kind.collection, query: query, max: max).map { object in
            guard let entry = Self.entry(object) else {
                throw PagerDutyError.malformedResponse(reason: "GET /\(kind.collection) listed an object without an id")
            }
            return entry
        }
    }

    /// The elements of `GET /path`'s array `key` (default: the path's name), following
    /// `offset`/`more` until the last page, `max` elements or PagerDuty's ceiling; an offset that
    /// does not grow stops the loop (SPEC §7).
    package func listObjects(_ path: String, key: String? = nil, query: [(String, String)] = [], max: Int = PagerDutyClient.listingCeiling) async throws -> [JSONValue] {
        let key = key ?? path
        var elements: [JSONValue] = []
        var offset = 0
        while elements.count < max {
            let limit = Swift.min(100, max - elements.count, Self.listingCeiling - offset)
            guard limit > 0 else { break }
            let body = try await request("GET", "/" + path, query: query + [("limit", String(limit)), ("offset", String(offset))])
            guard let page = body[key]?.arrayValue else {
                throw PagerDutyError.malformedResponse(reason: "GET /\(path) has no \(key) array")
            }
            elements += page
            guard case .bool(true) = body["more"], !page.isEmpty else { break }
            offset += page.count
        }
        return Array(elements.prefix(max))
    }

    /// True for text shaped like a PagerDuty id (`PSVC001`, `P1ABC2D`): upper-case letters and
    /// digits, 6 to 20 of them, starting with a letter. A name of that shape is looked up as an id
    /// first and then as a name.
    static func looksLikeID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (6...20).contains(bytes.count), let first = bytes.first, (65...90).contains(first) else { return false }
        return bytes.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
    }

    /// The entry of one listed or shown object: its id, its name (`name`, else `summary`), a user's email.
    static func entry(_ object: JSONValue) -> DirectoryEntry? {
        guard let id = object["id"]?.stringValue, !id.isEmpty else { return nil }
        let name = object["name"]?.stringValue ?? object["summary"]?.stringValue ?? ""
        return DirectoryEntry(id: id, name: name, email: object["email"]?.stringValue, object: object)
    }
}
