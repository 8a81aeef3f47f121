import EveryAuthCore
import Foundation

/// A fake PagerDuty REST API v2 on 127.0.0.1 that enforces what PagerDuty enforces, so a wrong
/// client fails: the versioned Accept header, an Authorization header in one of its two forms,
/// only the query names and values the OpenAPI document defines for `GET /incidents`, `limit` ≤ 100,
/// offset+limit ≤ 10,000 (code 2002), the since/until window (until exclusive), every filter, and
/// `total` only when asked. Without since/until it applies no default window (the real API
/// defaults to the last month); `time_zone` is checked but times are always rendered in UTC.
public final class RESTServer: Sendable {
    /// What the fake accepts and which faults it injects; changeable while it runs.
    public struct Settings: Sendable {
        /// OAuth access tokens accepted as `Bearer`, mapped to the user id `/users/me` answers.
        public var bearerTokens: [String: String] = [:]
        /// API keys accepted as `Token token=`, mapped to the user id `/users/me` answers.
        public var apiKeys: [String: String] = [:]
        /// Decides Bearer tokens not in `bearerTokens` (e.g. those a fake OAuth server issued): user id or nil.
        public var bearerCheck: (@Sendable (String) -> String?)?
        /// Tokens answered with 401 (an expired OAuth token).
        public var expiredTokens: Set<String> = []
        /// Delay before every answer.
        public var latency: TimeInterval = 0
        /// Every Nth request is answered 429 with `ratelimit-reset` (0: never).
        public var rateLimitEvery = 0
        /// Seconds sent in `ratelimit-reset`.
        public var rateLimitReset = 1
        /// Every Nth request is answered 500 (0: never).
        public var failEvery = 0
        /// The first K requests are answered 500.
        public var failFirst = 0

        public init() {}
    }

    /// The query names `GET /incidents` defines and whether each may repeat (explode arrays).
    public static let incidentParameters: [String: Bool] = [
        "limit": false, "offset": false, "total": false, "date_range": false, "incident_key": false,
        "service_ids[]": true, "team_ids[]": true, "user_ids[]": true, "urgencies[]": true, "time_zone": false,
        "statuses[]": true, "sort_by": false, "include[]": true, "since": false, "until": false,
    ]

    private let http: FakeHTTPServer
    private let state: State
    /// Users, `/users/me` for user tokens and account keys, and `/audit/records`.
    public let account: RESTAccount

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { http.baseURL }

    /// Serves `incidentCount` generated incidents on 127.0.0.1:`port` (0: any free port).
    public init(incidentCount: Int, settings: Settings = Settings(), port: Int = 0, threads: Int = 2) throws {
        let account = RESTAccount()
        let state = State(incidents: IncidentGenerator.incidents(count: incidentCount), settings: settings, account: account)
        self.state = state
        self.account = account
        http = try FakeHTTPServer(port: port, threads: threads) { request in
            var response = state.handle(request)
            response.delay = state.settings.latency
            return response
        }
    }

    /// The incidents served, oldest first.
    public var incidents: [FakeIncident] { state.incidents }

    /// Changes the settings (tokens, faults) of the running fake.
    public func configure(_ change: (inout Settings) -> Void) { state.configure(change) }

    /// Requests answered so far.
    public var requestCount: Int { state.snapshot().count }

    /// The query strings of the `GET /incidents` requests so far, in arrival order.
    public var incidentQueries: [[(String, String)]] { state.snapshot().queries }

    /// Stops serving.
    public func shutdown() { http.shutdown() }
}

/// The fake's mutable state behind one lock.
private final class State: @unchecked Sendable {
    let incidents: [FakeIncident]
    let account: RESTAccount
    private let lock = NSLock()
    private var current: RESTServer.Settings
    private var count = 0
    private var queries: [[(String, String)]] = []
    /// Matching, sorted indices by filter query (pages of one listing share them).
    private var matches: [String: [Int]] = [:]

    init(incidents: [FakeIncident], settings: RESTServer.Settings, account: RESTAccount) {
        self.incidents = incidents
        self.account = account
        current = settings
    }

    var settings: RESTServer.Settings { lock.withLock { current } }

    func configure(_ change: (inout RESTServer.Settings) -> Void) { lock.withLock { change(&current) } }

    func snapshot() -> (count: Int, queries: [[(String, String)]]) { lock.withLock { (count, queries) } }

    func handle(_ request: FakeRequest) -> FakeResponse {
        let (number, settings) = lock.withLock { () -> (Int, RESTServer.Settings) in
            count += 1
            if request.path == "/incidents" { queries.append(request.queryItems) }
            return (count, current)
        }
        if settings.failFirst >= number || (settings.failEvery > 0 && number % settings.failEvery == 0) {
            return Self.error(500, code: 2000, "Internal error (injected)")
        }
        if settings.rateLimitEvery > 0 && number % settings.rateLimitEvery == 0 {
            return Self.error(429, code: 2020, "Rate limit exceeded (injected)", headers: [("ratelimit-reset", String(settings.rateLimitReset))])
        }
        guard request.header("Accept") == PagerDutyClient.accept else {
            return Self.error(406, code: 2001, "Not acceptable", errors: ["Accept must be \(PagerDutyClient.accept)"])
        }
        guard let user = authenticate(request.header("Authorization"), settings) else {
            return Self.error(401, code: 2006, "Authentication failed")
        }
        if let response = account.handle(request, user: user) { return response }
        guard request.method == "GET" else { return Self.error(405, code: 2100, "Method not allowed") }
        switch request.path {
        case "/users/me":
            return .json(200, JSONValue.object(["user": .object(["id": .string(user), "type": .string("user")])]).serialized(pretty: false))
        case "/incidents":
            return listIncidents(request.queryItems)
        default:
            return Self.error(404, code: 2100, "Not found")
        }
    }

    private func authenticate(_ header: String?, _ settings: RESTServer.Settings) -> String? {
        guard let header else { return nil }
        if header.hasPrefix("Bearer ") {
            let token = String(header.dropFirst("Bearer ".count))
            if settings.expiredTokens.contains(token) { return nil }
            return settings.bearerTokens[token] ?? settings.bearerCheck?(token)
        }
        if header.hasPrefix("Token token=") {
            let token = String(header.dropFirst("Token token=".count))
            return settings.expiredTokens.contains(token) ? nil : settings.apiKeys[token]
        }
        return nil
    }

    private func listIncidents(_ items: [(String, String)]) -> FakeResponse {
        let query: IncidentFilter
        do {
            query = try IncidentFilter(items)
        } catch let error as IncidentFilter.Invalid {
            return Self.error(400, code: error.code, error.code == 2002 ? "Offset must be less than 10001." : "Invalid Input Provided", errors: [error.reason])
        } catch {
            return Self.error(400, code: 2001, "Invalid Input Provided")
        }
        let key = query.cacheKey
        let indices: [Int]
        if let cached = lock.withLock({ matches[key] }) {
            indices = cached
        } else {
            indices = query.matching(incidents)
            lock.withLock {
                if matches.count > 32 { matches.removeAll() }
                matches[key] = indices
            }
        }
        let page = indices.dropFirst(query.offset).prefix(query.limit)
        var body = Data("{\"incidents\":[".utf8)
        for (position, index) in page.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            body.append(incidents[index].json)
        }
        let more = query.offset + page.count < indices.count
        let total = query.total ? String(indices.count) : "null"
        body.append(Data("],\"limit\":\(query.limit),\"offset\":\(query.offset),\"more\":\(more),\"total\":\(total)}".utf8))
        return FakeResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }

    static func error(_ status: Int, code: Int, _ message: String, errors: [String] = [], headers: [(String, String)] = []) -> FakeResponse {
        let body = JSONValue.object(["error": .object([
            "message": .string(message), "code": .number(Double(code)), "errors": .array(errors.map(JSONValue.string)),
        ])])
        return .json(status, body.serialized(pretty: false), headers: headers)
    }
}
