import Foundation
import Synchronization

/// A fake PagerDuty REST API v2 on 127.0.0.1 that enforces what PagerDuty enforces, so a wrong
/// client fails: the versioned Accept header, an Authorization header in one of its two forms,
/// only the query names and values the OpenAPI document defines for `GET /incidents`, `limit` ≤ 100,
/// offset+limit ≤ 10,000 (code 2002), the since/until window (until exclusive, at most 6 months,
/// one month when an end is missing, the last month when both are), every filter, and `total`
/// only when asked. `time_zone` is checked and read for since/until; times are rendered in UTC.
/// With an `OAuthServer` it also serves `/oauth/*` on the same port and accepts its tokens.
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
        /// The fake's clock, which places PagerDuty's default window (the last month); nil: one
        /// second after the newest incident, so generated incidents are "recent".
        public var now: (@Sendable () -> Date)?

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
    /// Users, `/users/me` for user tokens and account keys, and `/audit/records` (answered before the incidents).
    public let account: RESTAccount
    /// Teams, priorities, services, escalation policies, schedules and their overrides, on-calls
    /// and maintenance windows, seeded with the fake's account (see `RESTDirectory.init(account:)`).
    public let directory: RESTDirectory

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { http.baseURL }

    /// Serves `incidentCount` generated incidents on 127.0.0.1:`port` (0: any free port).
    public convenience init(incidentCount: Int, settings: Settings = Settings(), port: Int = 0, threads: Int = 2, oauth: OAuthServer? = nil) throws {
        try self.init(incidents: IncidentGenerator.incidents(count: incidentCount), settings: settings, port: port, threads: threads, oauth: oauth)
    }

    /// Serves `incidents` (oldest first) on 127.0.0.1:`port` (0: any free port); with `oauth`,
    /// its endpoints too, and Bearer tokens it issued are accepted as user PUSR001 when
    /// `settings.bearerCheck` does not decide otherwise.
    public init(incidents: [FakeIncident], settings: Settings = Settings(), port: Int = 0, threads: Int = 2, oauth: OAuthServer? = nil) throws {
        var settings = settings
        if let oauth, settings.bearerCheck == nil {
            settings.bearerCheck = { oauth.isValidAccessToken($0) ? "PUSR001" : nil }
        }
        let account = RESTAccount()
        let directory = RESTDirectory(account: account)
        let state = State(incidents: incidents, settings: settings, account: account, directory: directory)
        self.state = state
        self.account = account
        self.directory = directory
        http = try FakeHTTPServer(port: port, threads: threads) { request in
            if let oauth, let answer = await oauth.handle(request) { return answer }
            var response = state.handle(request)
            response.delay = state.settings.latency
            return response
        }
    }

    /// The incidents served, oldest first, as they are now.
    public var incidents: [FakeIncident] { state.incidents }

    /// The incidents' changing state: what writes did, and the faults they inject.
    public var incidentBook: FakeIncidentBook { state.book }

    /// Changes the settings (tokens, faults) of the running fake.
    public func configure(_ change: (inout Settings) -> Void) { state.configure(change) }

    /// Requests answered so far.
    public var requestCount: Int { state.snapshot().count }

    /// The query strings of the `GET /incidents` requests so far, in arrival order.
    public var incidentQueries: [[(String, String)]] { state.snapshot().queries }

    /// The `created_at` window of every `GET /incidents` that got as far as its window, in
    /// arrival order, including windows the fake refused.
    public var receivedWindows: [IncidentWindow] { state.snapshot().windows }

    /// Every answer given because the client broke the documented contract (400 for an invalid
    /// parameter, body or header, 405, 406, 415, 404 for an unknown route), as `"METHOD path: message"`,
    /// in arrival order. A 404 for an unknown id, a 405 for a maintenance window that already ended,
    /// a 400 for deleting a past override and per-item override errors are not breaches and are
    /// not recorded.
    public var refusals: [String] { state.refusals }

    /// Forgets the refusals recorded so far.
    public func clearRefusals() { state.clearRefusals() }

    /// Port it listens on.
    public var port: Int { http.port }

    /// Stops serving.
    public func shutdown() { http.shutdown() }
}

/// The fake's state: the incident book, the account, and the traffic and settings behind one lock.
private final class State: Sendable {
    let book: FakeIncidentBook
    var incidents: [FakeIncident] { book.incidents }
    let account: RESTAccount
    let directory: RESTDirectory

    /// What requests read and record.
    private struct Traffic {
        var settings: RESTServer.Settings
        var count = 0
        var queries: [[(String, String)]] = []
        var windows: [IncidentWindow] = []
        /// Matching, sorted indices by filter query (pages of one listing share them).
        var matches: [String: [Int]] = [:]
        var refusals: [String] = []
    }

    private let traffic: Mutex<Traffic>

    init(incidents: [FakeIncident], settings: RESTServer.Settings, account: RESTAccount, directory: RESTDirectory) {
        book = FakeIncidentBook(incidents: incidents, directory: directory)
        self.account = account
        self.directory = directory
        traffic = Mutex(Traffic(settings: settings))
    }

    var settings: RESTServer.Settings { traffic.withLock { $0.settings } }

    func configure(_ change: (inout RESTServer.Settings) -> Void) { traffic.withLock { change(&$0.settings) } }

    var refusals: [String] { traffic.withLock { $0.refusals } }

    func clearRefusals() { traffic.withLock { $0.refusals.removeAll() } }

    func handle(_ request: FakeRequest) -> FakeResponse {
        let response = answer(request)
        if Self.isRefusal(response, request) {
            let message = Self.message(response.body)
            traffic.withLock { $0.refusals.append("\(request.method) \(request.path): \(message)") }
        }
        return response
    }

    private static func isRefusal(_ response: FakeResponse, _ request: FakeRequest) -> Bool {
        if let marked = response.refusal { return marked }
        // /users/me with an account-level key is PagerDuty's documented answer, not a breach.
        if response.status == 400, request.path == "/users/me" { return false }
        return [400, 405, 406, 415].contains(response.status)
    }

    /// The first of `error.errors`, else `error.message`, else the body.
    private static func message(_ body: Data) -> String {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        if let error = object?["error"] as? [String: Any] {
            if let first = (error["errors"] as? [Any])?.first { return "\(first)" }
            if let message = error["message"] as? String { return message }
        }
        if let text = object?["error"] as? String { return text }
        return String(decoding: body.prefix(200), as: UTF8.self)
    }

    func snapshot() -> (count: Int, queries: [[(String, String)]], windows: [IncidentWindow]) {
        traffic.withLock { ($0.count, $0.queries, $0.windows) }
    }

    private func answer(_ request: FakeRequest) -> FakeResponse {
        let (number, settings) = traffic.withLock { traffic -> (Int, RESTServer.Settings) in
            traffic.count += 1
            if request.path == "/incidents" { traffic.queries.append(request.queryItems) }
            return (traffic.count, traffic.settings)
        }
        if settings.failFirst >= number || (settings.failEvery > 0 && number % settings.failEvery == 0) {
            return Self.error(500, code: 2000, "Internal error (injected)")
        }
        if settings.rateLimitEvery > 0 && number % settings.rateLimitEvery == 0 {
            return Self.error(429, code: 2020, "Rate limit exceeded (injected)", headers: [("ratelimit-reset", String(settings.rateLimitReset))])
        }
        // PagerDuty's documentation does not say what a wrong version header gets; the OpenAPI
        // document makes it required, and 406 is HTTP's answer to an Accept it cannot serve.
        guard PagerDutyVocabulary.acceptsVersion2(request.header("Accept")) else {
            return Self.error(406, code: 2001, "Not Acceptable", errors: [
                "The Accept header must be \(PagerDutyVocabulary.mediaType);version=\(PagerDutyVocabulary.version)",
            ])
        }
        guard let user = authenticate(request.header("Authorization"), settings) else {
            return Self.error(401, code: 2006, "Authentication failed")
        }
        // The directory's clock: the settings' when set, else the real time (not the incidents' default).
        let now = Int((settings.now?() ?? Date()).timeIntervalSince1970.rounded(.down))
        if let response = account.handle(request, user: user) { return response }
        if let response = directory.handle(request, user: user, now: now) { return response }
        if let answer = book.handle(request, user: user, now: now) { return answer }
        guard request.method == "GET" else {
            var response = Self.error(405, code: 2100, "Method not allowed", errors: ["\(request.method) is not allowed on \(request.path)"])
            response.refusal = true
            return response
        }
        switch request.path {
        case "/incidents":
            return listIncidents(request.queryItems, now: settings.now)
        default:
            var response = Self.error(404, code: 2100, "Not found", errors: ["No route GET \(request.path)"])
            response.refusal = true
            return response
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

    private func listIncidents(_ items: [(String, String)], now clock: (@Sendable () -> Date)?) -> FakeResponse {
        let now = clock.map { Int($0().timeIntervalSince1970.rounded(.down)) } ?? ((incidents.last?.createdAt).map { $0 + 1 } ?? Int(Date().timeIntervalSince1970))
        let query: IncidentFilter
        do {
            query = try IncidentFilter(items, now: now) { window in traffic.withLock { $0.windows.append(window) } }
        } catch let error as IncidentFilter.Invalid {
            return Self.error(400, code: error.code, error.message, errors: [error.reason])
        } catch {
            return Self.error(400, code: 2001, "Invalid Input Provided")
        }
        // Writes change statuses and assignees: matches are valid for one version of the incidents.
        let key = query.cacheKey + "#\(book.version)"
        let incidents = book.incidents
        let indices: [Int]
        if let cached = traffic.withLock({ $0.matches[key] }) {
            indices = cached
        } else {
            indices = query.matching(incidents)
            traffic.withLock { traffic in
                if traffic.matches.count > 32 { traffic.matches.removeAll() }
                traffic.matches[key] = indices
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
        let body: FakeJSON = .object([("error", .object([
            ("message", .string(message)), ("code", .int(code)), ("errors", .array(errors.map(FakeJSON.string))),
        ]))])
        return .json(status, body, headers: headers)
    }
}
