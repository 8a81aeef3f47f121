import Foundation
import Synchronization

/// The account side of the fake PagerDuty REST API, written from PagerDuty's OpenAPI document:
/// `GET /users/me` (the token's user, or PagerDuty's 400 for an account-level key), `GET` and
/// `PUT /users/{id}`, and the cursor-paginated `GET /audit/records`. Authentication and the Accept
/// header are checked by `RESTServer` before a request gets here.
public final class RESTAccount: Sendable {
    /// The user id `RESTServer.Settings.apiKeys` maps an account-level API key to: such a key
    /// belongs to no user, and `/users/me` says so as PagerDuty does.
    public static let accountLevelUser = "(account-level key)"

    /// PagerDuty's answer to `/users/me` with an account-level key (HTTP 400, `error` a string).
    public static let accountLevelMessage = "Because this request was made using an account-level access token, "
        + "we were unable to determine the user's identity. Please use a user-level token."

    /// A user as `/users/{id}` shows one.
    public struct User: Sendable, Equatable {
        public var id: String
        public var name: String
        public var email: String
        public var role: String
        /// The teams the user belongs to (`GET /users?team_ids[]=`).
        public var teamIDs: [String]
        /// The IANA zone of the user's profile.
        public var timeZone: String
        /// A user with these fields.
        public init(id: String, name: String, email: String, role: String = "user", teamIDs: [String] = [], timeZone: String = "Etc/UTC") {
            self.id = id
            self.name = name
            self.email = email
            self.role = role
            self.teamIDs = teamIDs
            self.timeZone = timeZone
        }
    }

    /// One request that changed something, as received.
    public struct Write: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        public var body: Data
    }

    private struct State {
        var users: [String: User] = [:]
        /// User ids in the order they were first set or generated.
        var order: [String] = []
        var auditRecordCount = 0
        var writes: [Write] = []
        var subdomain = "acme"
    }

    private let state = Mutex(State())

    /// The query names `GET /audit/records` defines.
    static let auditParameters: Set<String> = [
        "limit", "cursor", "since", "until", "root_resource_types[]", "actor_type", "actor_id", "method_type",
        "method_truncated_token", "actions[]",
    ]

    public init() {}

    /// Adds or replaces a user; users the fake has not been told about get a generated profile.
    public func setUser(_ user: User) {
        state.withLock { state in
            if state.users[user.id] == nil { state.order.append(user.id) }
            state.users[user.id] = user
        }
    }

    /// The user with this id, or nil (no profile is generated).
    public func user(_ id: String) -> User? { state.withLock { $0.users[id] } }

    /// Every user the account has, in the order they were added.
    public var users: [User] { state.withLock { state in state.order.compactMap { state.users[$0] } } }

    /// How many audit records `/audit/records` lists (generated, newest first).
    public var auditRecordCount: Int {
        get { state.withLock { $0.auditRecordCount } }
        set { state.withLock { $0.auditRecordCount = newValue } }
    }

    /// The PUT/POST/DELETE requests served so far, in order.
    public var writes: [Write] { state.withLock { $0.writes } }

    /// Answers the paths this type owns for an authenticated `user`; nil for any other path.
    public func handle(_ request: FakeRequest, user: String) -> FakeResponse? {
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments.first, segments.count) {
        case ("GET", "users", 2) where segments[1] == "me":
            guard user != Self.accountLevelUser else { return Self.json(400, ["error": Self.accountLevelMessage]) }
            return Self.json(200, ["user": userObject(profile(user, create: true)!)])
        case (_, "users", 2) where segments[1] == "me":
            return Self.error(405, 2100, "Method not allowed")
        case ("GET", "users", 1):
            return listUsers(request.queryItems)
        case (_, "users", 1):
            return Self.error(405, 2100, "Method not allowed", errors: ["\(request.method) is not allowed on /users"])
        case ("GET", "users", 2):
            guard let found = profile(segments[1], create: false) else { return Self.error(404, 2100, "Not Found") }
            return Self.json(200, ["user": userObject(found)])
        case ("PUT", "users", 2):
            return updateUser(segments[1], request)
        case ("GET", "audit", 2) where segments[1] == "records":
            return auditRecords(request.queryItems)
        case (_, "audit", 2) where segments[1] == "records":
            return Self.error(405, 2100, "Method not allowed")
        default:
            return nil
        }
    }

    private func profile(_ id: String, create: Bool) -> User? {
        state.withLock { state in
            if let user = state.users[id] { return user }
            guard create else { return nil }
            let user = User(id: id, name: "User \(id)", email: "\(id.lowercased())@example.com")
            state.users[id] = user
            state.order.append(id)
            return user
        }
    }

    func userObject(_ user: User) -> [String: Any] {
        let subdomain = state.withLock { $0.subdomain }
        return [
            "id": user.id, "type": "user", "summary": user.name, "name": user.name, "email": user.email,
            "role": user.role, "time_zone": user.timeZone,
            "teams": user.teamIDs.map { team in
                ["id": team, "type": "team_reference", "summary": IncidentGenerator.teams.first { $0.0 == team }?.1 ?? team]
            },
            "self": "https://api.pagerduty.com/users/\(user.id)",
            "html_url": "https://\(subdomain).pagerduty.com/users/\(user.id)",
        ]
    }

    /// `PUT /users/{id}` with `{"user": {...}}`: name, email and role change; the user is answered.
    private func updateUser(_ id: String, _ request: FakeRequest) -> FakeResponse {
        state.withLock { $0.writes.append(Write(method: request.method, path: request.path, headers: request.headers, body: request.body)) }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            return Self.error(415, 2001, "Unsupported Media Type", errors: ["Content-Type must be application/json"])
        }
        guard var user = profile(id, create: false) else { return Self.error(404, 2100, "Not Found") }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any],
              let changes = object["user"] as? [String: Any] else {
            return Self.error(400, 2001, "Invalid Input Provided", errors: ["User must be an object"])
        }
        for (key, value) in changes {
            guard ["name", "email", "role", "type", "time_zone", "description", "job_title", "color"].contains(key) else {
                return Self.error(400, 2001, "Invalid Input Provided", errors: ["\(key) is not a user field"])
            }
            guard let text = value as? String else {
                return Self.error(400, 2001, "Invalid Input Provided", errors: ["\(key) must be a string"])
            }
            switch key {
            case "name": user.name = text
            case "email": user.email = text
            case "role":
                let roles = ["admin", "limited_user", "observer", "owner", "read_only_user", "restricted_access", "read_only_limited_user", "user"]
                guard roles.contains(text) else { return Self.error(400, 2001, "Invalid Input Provided", errors: ["Role is not valid"]) }
                user.role = text
            default: break
            }
        }
        setUser(user)
        return Self.json(200, ["user": userObject(user)])
    }

    /// `GET /users`: `query` matches a substring of the name or email, case-insensitively;
    /// `team_ids[]`, `include[]` and classic pagination as the OpenAPI document defines them.
    private func listUsers(_ items: [(String, String)]) -> FakeResponse {
        let query: DirectoryQuery
        do {
            query = try DirectoryQuery(items, allowed: ["query", "team_ids[]", "limit", "offset", "total", "include[]"],
                                       includes: ["contact_methods", "notification_rules", "teams", "subdomains"])
        } catch RESTDirectory.Refusal.invalid(let reason) {
            return Self.error(400, 2001, "Invalid Input Provided", errors: [reason])
        } catch {
            return Self.error(400, 2001, "Invalid Input Provided")
        }
        let teams = query.array("team_ids").map(Set.init)
        let found = users.filter { user in
            query.matches(user.name, user.email) && (teams.map { !$0.isDisjoint(with: user.teamIDs) } ?? true)
        }
        var page = query.page("users", found.map(userObject))
        if query.includes("contact_methods") || query.includes("notification_rules") {
            page["users"] = (page["users"] as? [[String: Any]] ?? []).map { user -> [String: Any] in
                var user = user
                if query.includes("contact_methods") { user["contact_methods"] = [[String: Any]]() }
                if query.includes("notification_rules") { user["notification_rules"] = [[String: Any]]() }
                return user
            }
        }
        return Self.json(200, page)
    }

    /// `GET /audit/records`: newest first, `limit` (1...100, default 100), an opaque `cursor` from the
    /// previous page's `next_cursor`, which is null on the last page.
    private func auditRecords(_ items: [(String, String)]) -> FakeResponse {
        for (name, _) in items where !Self.auditParameters.contains(name) {
            return Self.error(400, 2001, "Invalid Input Provided", errors: ["\(name) is not a parameter of this endpoint"])
        }
        let query = Dictionary(items, uniquingKeysWith: { _, last in last })
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), value >= 1 else {
                return Self.error(400, 2001, "Invalid Input Provided", errors: ["Limit must be a positive integer"])
            }
            limit = min(value, 100)
        }
        var start = 0
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard let decoded = Data(base64Encoded: cursor).map({ String(decoding: $0, as: UTF8.self) }),
                  decoded.hasPrefix("next:"), let index = Int(decoded.dropFirst(5)), index >= 0 else {
                return Self.error(400, 2001, "Invalid Input Provided", errors: ["Cursor is invalid"])
            }
            start = index
        }
        let count = auditRecordCount
        let end = min(count, start + limit)
        let records: [[String: Any]] = (start..<max(start, end)).map(Self.auditRecord)
        let next: Any = end < count ? Data("next:\(end)".utf8).base64EncodedString() : NSNull()
        return Self.json(200, ["records": records, "limit": limit, "next_cursor": next, "response_metadata": NSNull()])
    }

    /// Record `index` (0 is the newest), shaped like the OpenAPI document's example.
    private static func auditRecord(_ index: Int) -> [String: Any] {
        let time = Date(timeIntervalSince1970: 1_780_000_000 - Double(index) * 60)
        let resource: [String: Any] = ["id": String(format: "PTEAM%03d", index % 1000), "type": "team_reference", "summary": "Team \(index)"]
        return [
            "id": String(format: "PDAUDIT%06d", index),
            "execution_time": time.formatted(.iso8601),
            "execution_context": ["request_id": "req-\(index)", "remote_address": "192.0.2.1"],
            "actors": [["id": "PUSR001", "summary": "User PUSR001", "type": "user_reference"]],
            "method": ["type": "api_token", "truncated_token": "3usr"],
            "root_resource": resource,
            "action": index % 2 == 0 ? "update" : "create",
            "details": ["resource": resource, "fields": [["name": "name", "value": "Team \(index)"]]],
        ]
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> FakeResponse {
        .json(status, object: object)
    }

    private static func error(_ status: Int, _ code: Int, _ message: String, errors: [String] = []) -> FakeResponse {
        json(status, ["error": ["message": message, "code": code, "errors": errors]])
    }
}
