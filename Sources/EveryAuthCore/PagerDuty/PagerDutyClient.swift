import Foundation

/// One page of `GET /incidents`: the incidents as PagerDuty sent them, and its pagination fields.
package struct IncidentPage: Sendable {
    /// The incidents as checked bytes; json and ndjson output copies them without a tree.
    package var elements: JSONArrayBytes
    package var more: Bool
    /// Present only when asked for with `total=true`.
    package var total: Int?

    /// The incidents as values.
    package var incidents: [JSONValue] { elements.values }
}

/// Calls PagerDuty's REST API v2: versioned `Accept`, the right `Authorization` form, one forced
/// refresh and retry on a 401, and PagerDuty's error body turned into `PagerDutyError`.
/// Retries of 429 and 5xx happen inside `HTTPClient`.
public struct PagerDutyClient: Sendable {
    /// The media type that selects REST API v2.
    public static let accept = "application/vnd.pagerduty+json;version=2"
    /// Where PagerDuty lives when no service settings say otherwise.
    public static let defaultBaseURL = "https://api.pagerduty.com"

    /// The REST API's base URL.
    public let baseURL: String
    /// The client requests go through.
    public let http: HTTPClient
    package let auth: PagerDutyAuth

    package init(baseURL: String, http: HTTPClient, auth: PagerDutyAuth) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.http = http
        self.auth = auth
    }

    /// `GET path?query`, parsed; throws `PagerDutyError` for every error answer.
    public func get(_ path: String, query: [(String, String)] = []) async throws -> JSONValue {
        let body = try await getBody(path, query: query)
        do {
            return try JSONValue.parse(body)
        } catch {
            throw PagerDutyError.malformedResponse(reason: "GET \(path) did not answer JSON")
        }
    }

    /// `GET path?query`, the body unparsed; throws `PagerDutyError` for every error answer.
    func getBody(_ path: String, query: [(String, String)]) async throws -> Data {
        let url = baseURL + path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let (response, token) = try await authorized(HTTPClient.Request(url: url, headers: [HTTPHeader("Accept", Self.accept)]))
        guard (200..<300).contains(response.status) else { throw failure(for: response, token: token) }
        return response.body
    }

    /// Sends `request` with the current token in `Authorization` (replacing any), once the URL has
    /// passed the scheme rule; a 401 gets one forced refresh and one retry (SPEC §4). The one place
    /// a PagerDuty request gets its credential: returns the last answer and the token it carried.
    func authorized(_ request: HTTPClient.Request) async throws -> (response: HTTPClient.Response, token: PagerDutyToken) {
        try EndpointURL.checkBeforeUse(request.url, setting: .apiUrl)
        var token = await auth.current()
        var response = try await http.send(request.carrying(token))
        if response.status == 401, let fresh = try await auth.replacement(for: token) {
            token = fresh
            response = try await http.send(request.carrying(token))
        }
        return (response, token)
    }

    /// The id of the user the token belongs to (`GET /users/me`), for `--me`.
    public func currentUserID() async throws -> String {
        let body = try await get("/users/me")
        guard let id = body["user"]?["id"]?.stringValue else {
            throw PagerDutyError.malformedResponse(reason: "GET /users/me has no user.id")
        }
        return id
    }

    /// The email `GET /users/me` names for a freshly stored token, kept on the identity as the
    /// `From` of writes. Best effort, one attempt: nil for a key that is not a user's, a server that
    /// does not answer, or a URL the scheme rule refuses; it never fails the command storing the token.
    /// A server calling it per request passes a client that already makes one attempt
    /// (`HTTPClient.singleAttempt`): a client made per call would start a worker thread and a
    /// connection of its own each time, alive for a minute.
    package static func userEmail(settings: EffectiveServiceSettings, token: PagerDutyToken, http: HTTPClient) async -> String? {
        let single = http.configuration.retry.maxAttempts == 1 ? http : http.singleAttempt()
        let client = PagerDutyClient(baseURL: settings.apiUrl, http: single, auth: PagerDutyAuth(token: token))
        do {
            let email = try await client.get("/users/me")["user"]?["email"]?.stringValue
            return email.flatMap { $0.isEmpty || ControlCharacter.any(in: $0) ? nil : $0 }
        } catch {
            return nil
        }
    }

    /// One page of incidents matching `query` within `since..<until`.
    package func incidents(
        _ query: IncidentQuery, since: Date? = nil, until: Date? = nil, limit: Int, offset: Int, total: Bool
    ) async throws -> IncidentPage {
        var items = query.filterItems(since: since, until: until)
        items.append(("limit", String(limit)))
        items.append(("offset", String(offset)))
        if total { items.append(("total", "true")) }
        return try Self.incidentPage(try await getBody("/incidents", query: items))
    }

    /// A `GET /incidents` body read in one pass: the incidents array checked and written in
    /// canonical compact form (no tree), `more` and `total` as values, everything else checked and
    /// skipped. A name given twice keeps its last value, as in `JSONValue.parse`.
    static func incidentPage(_ body: Data) throws -> IncidentPage {
        var elements: JSONArrayBytes?
        var more: JSONValue?
        var total: JSONValue?
        do {
            try JSONReader.read(body) { reader in
                guard reader.next == UInt8(ascii: "{") else { return try reader.skipValue(depth: 0) }
                try reader.readObjectNames(depth: 0) { name, reader in
                    switch String(decoding: name, as: UTF8.self) {
                    case "incidents":
                        elements = reader.next == UInt8(ascii: "[") ? try JSONArrayBytes(reading: &reader, depth: 1) : nil
                        if elements == nil { try reader.skipValue(depth: 1) }
                    case "more": more = try reader.value(depth: 1)
                    case "total": total = try reader.value(depth: 1)
                    default: try reader.skipValue(depth: 1)
                    }
                }
            }
        } catch {
            throw PagerDutyError.malformedResponse(reason: "GET /incidents did not answer JSON")
        }
        guard let elements else {
            throw PagerDutyError.malformedResponse(reason: "GET /incidents has no incidents array")
        }
        var isMore = false
        if case .bool(let value) = more { isMore = value }
        return IncidentPage(elements: elements, more: isMore, total: try Self.total(value: total))
    }

    /// `total` as a count: absent or null when not asked for; anything but a whole number from 0
    /// to `Int.max` (`1e400`, `1e19`, `"nan"`, `-1`) is a malformed answer, never a trap.
    static func total(_ body: JSONValue) throws -> Int? {
        try total(value: body["total"])
    }

    /// `total(_:)` given the member's value (nil when absent).
    static func total(value: JSONValue?) throws -> Int? {
        guard let raw = value, raw != .null else { return nil }
        guard case .number(let number) = raw, let count = number.intValue, count >= 0 else {
            throw PagerDutyError.malformedResponse(reason: "GET /incidents answered a total that is not a count")
        }
        return count
    }

    /// The error of a non-2xx answer to `token`: a 401 that outlived the refresh is the token's
    /// source rejected (a stored identity's is its `authorize` remedy, exit 3), everything else
    /// PagerDuty's own error.
    func failure(for response: HTTPClient.Response, token: PagerDutyToken) -> any Error & Sendable {
        let error = Self.error(for: response, secrets: [token.value])
        guard response.status == 401, case .unauthorized(let message) = error else { return error }
        switch auth.source {
        case .identity(let service, let userId): return OAuthError.unauthorized(service: service, userId: userId)
        case .given, .environment: return TokenRejected(source: auth.source, message: message)
        }
    }

    /// PagerDuty's `{"error":{"message","code","errors"}}` as the error the user sees; the token
    /// (`secrets`) and secret fields a server echoes are redacted, control characters replaced. A
    /// `code` that is not a whole number in `Int`'s range makes the answer malformed.
    static func error(for response: HTTPClient.Response, secrets: [String] = []) -> PagerDutyError {
        let body = JSONValue.parseIfJSON(response.body)
        let error = body?["error"]
        let rawMessage = error?["message"]?.stringValue ?? body?["message"]?.stringValue
            ?? (String(data: response.body.prefix(200), encoding: .utf8).flatMap { $0.isEmpty ? nil : $0 } ?? "no details")
        let errors = (error?["errors"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            .prefix(10).map { ServerText.forMessage($0, secrets: secrets) }
        let message = ServerText.forMessage(rawMessage, secrets: secrets)
        switch response.status {
        case 401: return .unauthorized(message: message)
        case 403: return .forbidden(message: message)
        default:
            var code: Int?
            if let raw = error?["code"], raw != .null {
                guard case .number(let number) = raw, let whole = number.intValue else {
                    return .malformedResponse(reason: "the HTTP \(response.status) error answer has a code that is not a whole number")
                }
                code = whole
            }
            return .api(status: response.status, code: code, message: message, errors: errors)
        }
    }
}

extension HTTPClient.Request {
    /// This request with `token` as its only `Authorization`.
    func carrying(_ token: PagerDutyToken) -> HTTPClient.Request {
        var request = self
        request.headers.removeAll { $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }
        request.headers.append(HTTPHeader("Authorization", token.headerValue))
        return request
    }
}
