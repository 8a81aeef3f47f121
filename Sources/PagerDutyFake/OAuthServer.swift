import EveryAuthCore
import Foundation

/// A fake OAuth 2.0 authorization server with PagerDuty's endpoints (`/oauth/authorize`,
/// `/oauth/token`) that fails a wrong client the way a real one does: registered client ids,
/// PKCE S256 only, codes used once within 30 s, the same redirect URI, rotating refresh tokens.
public final class OAuthServer: @unchecked Sendable {
    /// A registered client: its id and, when confidential, its secret.
    public struct Client: Sendable {
        public var id: String
        public var secret: String?
        public init(id: String, secret: String? = nil) {
            self.id = id
            self.secret = secret
        }
    }

    private struct PendingCode {
        var clientId: String
        var redirectURI: String
        var challenge: String
        var scope: String
        var issuedAt: Date
        var used: Bool
    }

    private let lock = NSLock()
    private let clients: [String: Client]
    private var codes: [String: PendingCode] = [:]
    private var refreshTokens: [String: (clientId: String, scope: String)] = [:]
    private var accessTokens: Set<String> = []
    private var counts = (authorizationCode: 0, refresh: 0)
    private var secrets: Set<String> = []
    private var settings = (expiresIn: Optional(3600), deny: false, tokenDelay: 0.0, codeLifetime: 30.0)
    private var grants = GrantState()

    public init(clients: [Client]) {
        self.clients = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0) })
    }

    // MARK: - Knobs and counters for tests

    /// `expires_in` of the tokens issued from now on; nil leaves it out of the response.
    public var expiresIn: Int? {
        get { locked { settings.expiresIn } }
        set { locked { settings.expiresIn = newValue } }
    }

    /// When true, authorize answers `error=access_denied` as if the user clicked "deny".
    public var denies: Bool {
        get { locked { settings.deny } }
        set { locked { settings.deny = newValue } }
    }

    /// Seconds the token endpoint waits before answering (widens races in concurrency tests).
    public var tokenDelay: TimeInterval {
        get { locked { settings.tokenDelay } }
        set { locked { settings.tokenDelay = newValue } }
    }

    /// Token requests served with `grant_type=authorization_code` (successful or not).
    public var authorizationCodeRequests: Int { locked { counts.authorizationCode } }

    /// Token requests served with `grant_type=refresh_token` (successful or not).
    public var refreshRequests: Int { locked { counts.refresh } }

    /// True when `token` is an access token this server issued.
    public func isValidAccessToken(_ token: String) -> Bool { locked { accessTokens.contains(token) } }

    /// Every code, verifier, client secret and token this server issued or received, so a test can
    /// check that none of them leaked into output.
    public var secretsSeen: Set<String> { locked { secrets } }

    /// Issues tokens without a browser, to seed a store: (access token, refresh token).
    public func issueTokens(clientId: String, scope: String = "read write") -> (accessToken: String, refreshToken: String) {
        locked {
            let pair = (Self.token("pdus+_0X"), Self.token("pdrt+_0X"))
            accessTokens.insert(pair.0)
            refreshTokens[pair.1] = (clientId, scope)
            secrets.formUnion([pair.0, pair.1])
            return pair
        }
    }

    /// What the browser would be redirected to after the user approves `authorizationURL`
    /// (the `Location` of the authorize endpoint's answer), without an HTTP round trip.
    public func approve(_ authorizationURL: String) -> String? {
        guard let components = URLComponents(string: authorizationURL) else { return nil }
        let request = FakeRequest(
            method: "GET", path: components.percentEncodedPath, query: components.percentEncodedQuery ?? "",
            headers: [], body: Data(), connectionID: 0)
        let response = authorize(request)
        return response.status == 302 ? response.headers.first { $0.0 == "Location" }?.1 : nil
    }

    /// Forgets every refresh token, as when the user revokes the app.
    public func revokeRefreshTokens() { locked { refreshTokens.removeAll() } }

    // MARK: - Serving

    /// Answers the OAuth endpoints; nil for any other path (so a PagerDuty fake can compose it).
    public func handle(_ request: FakeRequest) async -> FakeResponse? {
        switch (request.method, request.path) {
        case ("GET", "/oauth/authorize"): return authorize(request)
        case ("POST", "/oauth/token"):
            let delay = tokenDelay
            var response = token(request)
            response.delay = delay
            return response
        case ("POST", "/oauth/revoke"): return revoke(request)
        case (_, "/oauth/authorize"), (_, "/oauth/token"), (_, "/oauth/revoke"):
            return FakeResponse(status: 405)
        default: return nil
        }
    }

    /// Starts this server alone on 127.0.0.1 (any free port); other paths answer 404.
    public func serve() throws -> FakeHTTPServer {
        try FakeHTTPServer { [self] request in
            if let response = await handle(request) { return response }
            return FakeResponse(status: 404, headers: [("Content-Type", "text/plain")], body: Data("not found\n".utf8))
        }
    }

    private func authorize(_ request: FakeRequest) -> FakeResponse {
        let query = Dictionary(request.queryItems, uniquingKeysWith: { first, _ in first })
        guard let clientId = query["client_id"], clients[clientId] != nil else { return Self.page(400, "unknown client_id") }
        guard let redirect = query["redirect_uri"], let components = URLComponents(string: redirect),
              components.scheme == "http", ["127.0.0.1", "localhost", "[::1]"].contains(components.host ?? "") else {
            return Self.page(400, "redirect_uri must be a loopback http address")
        }
        guard query["response_type"] == "code" else { return Self.page(400, "response_type must be code") }
        guard query["code_challenge_method"] == "S256" else { return Self.page(400, "code_challenge_method must be S256") }
        guard let challenge = query["code_challenge"], challenge.count == 43 else { return Self.page(400, "code_challenge missing") }
        let scope = query["scope"] ?? "read"
        var fields: [(String, String)]
        if denies {
            fields = [("error", "access_denied"), ("error_description", "The user denied access to the app")]
        } else {
            let code = Self.token("code")
            locked {
                secrets.insert(code)
                codes[code] = PendingCode(clientId: clientId, redirectURI: redirect, challenge: challenge, scope: scope, issuedAt: Date(), used: false)
            }
            fields = [("code", code)]
        }
        if let state = query["state"] { fields.append(("state", state)) }
        let location = redirect + (redirect.contains("?") ? "&" : "?") + FormEncoding.encode(fields)
        return FakeResponse(status: 302, headers: [("Location", location), ("Content-Length", "0")])
    }

    private func token(_ request: FakeRequest) -> FakeResponse {
        let grant = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })["grant_type"]
        locked {
            if grant == "authorization_code" { counts.authorizationCode += 1 }
            if grant == "refresh_token" { counts.refresh += 1 }
        }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        locked {
            for key in ["code", "code_verifier", "client_secret", "refresh_token"] {
                if let value = form[key], !value.isEmpty { secrets.insert(value) }
            }
        }
        guard let clientId = form["client_id"], let client = clients[clientId] else {
            return Self.error(401, "invalid_client", "unknown client_id")
        }
        if let secret = client.secret, form["client_secret"] != secret {
            return Self.error(401, "invalid_client", "client authentication failed")
        }
        switch grant {
        case "authorization_code": return exchange(form, clientId: clientId)
        case "refresh_token": return refresh(form, clientId: clientId)
        case "client_credentials": return clientCredentials(form, client: client)
        default: return Self.error(400, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials")
        }
    }

    private func exchange(_ form: [String: String], clientId: String) -> FakeResponse {
        locked {
            guard let code = form["code"], var pending = codes[code] else {
                return Self.error(400, "invalid_grant", "unknown authorization code")
            }
            guard !pending.used else { return Self.error(400, "invalid_grant", "the authorization code was already used") }
            pending.used = true
            codes[code] = pending
            guard Date().timeIntervalSince(pending.issuedAt) <= settings.codeLifetime else {
                return Self.error(400, "invalid_grant", "the authorization code has expired")
            }
            guard pending.clientId == clientId else { return Self.error(400, "invalid_grant", "the code was issued to another client") }
            guard form["redirect_uri"] == pending.redirectURI else { return Self.error(400, "invalid_grant", "redirect_uri does not match") }
            guard let verifier = form["code_verifier"], PKCE.challenge(for: verifier) == pending.challenge else {
                return Self.error(400, "invalid_grant", "code_verifier does not match the code_challenge")
            }
            return issue(clientId: clientId, scope: pending.scope)
        }
    }

    private func refresh(_ form: [String: String], clientId: String) -> FakeResponse {
        locked {
            guard let old = form["refresh_token"], let entry = refreshTokens[old], entry.clientId == clientId else {
                return Self.error(400, "invalid_grant", "the refresh token is invalid, expired or revoked")
            }
            // Rotation: the old refresh token stops working the moment a new one is issued.
            refreshTokens.removeValue(forKey: old)
            return issue(clientId: clientId, scope: entry.scope)
        }
    }

    /// Must be called with the lock held.
    private func issue(clientId: String, scope: String) -> FakeResponse {
        let access = Self.token("pdus+_0X")
        let refresh = Self.token("pdrt+_0X")
        accessTokens.insert(access)
        refreshTokens[refresh] = (clientId, scope)
        secrets.formUnion([access, refresh])
        var body: [String: Any] = [
            "access_token": access, "refresh_token": refresh, "token_type": "bearer", "scope": scope,
            "id_token": "ey.fake.\(Self.token("id"))",
        ]
        if let expiresIn = settings.expiresIn { body["expires_in"] = expiresIn }
        return .json(200, object: body, headers: [("Cache-Control", "no-store")])
    }

    // MARK: - App tokens (client credentials) and revocation (RFC 7009)

    /// Counters and knobs of the client-credentials grant and the revocation endpoint.
    private struct GrantState {
        var clientCredentials = 0
        var appExpiresIn = 3600
        var revoked: [String] = []
        var revocationStatus: Int?
    }

    /// Token requests served with `grant_type=client_credentials` (successful or not).
    public var clientCredentialsRequests: Int { locked { grants.clientCredentials } }

    /// `expires_in` of the app tokens issued from now on.
    public var appTokenExpiresIn: Int {
        get { locked { grants.appExpiresIn } }
        set { locked { grants.appExpiresIn = newValue } }
    }

    /// Tokens the revocation endpoint was asked to revoke (accepted requests), in order.
    public var revokedTokens: [String] { locked { grants.revoked } }

    /// When set, the revocation endpoint answers this status (503: temporarily unavailable).
    public var revocationFailure: Int? {
        get { locked { grants.revocationStatus } }
        set { locked { grants.revocationStatus = newValue } }
    }

    /// PagerDuty's app token: a confidential client, a scope naming the account (`as_account-us.acme`),
    /// an access token without a refresh token.
    private func clientCredentials(_ form: [String: String], client: Client) -> FakeResponse {
        locked {
            grants.clientCredentials += 1
            guard client.secret != nil else {
                return Self.error(400, "unauthorized_client", "only confidential clients may use client_credentials")
            }
            let scopes = (form["scope"] ?? "").split(separator: " ")
            guard scopes.contains(where: { $0.hasPrefix("as_account-") }) else {
                return Self.error(400, "invalid_scope", "the scope must name the account: as_account-{region}.{subdomain}")
            }
            let access = Self.token("pdus+_0X")
            accessTokens.insert(access)
            secrets.insert(access)
            return .json(200, object: [
                "access_token": access, "token_type": "bearer", "scope": form["scope"] ?? "", "expires_in": grants.appExpiresIn,
            ], headers: [("Cache-Control", "no-store")])
        }
    }

    /// RFC 7009 §2: the client authenticates; the token stops working; an unknown token still gets 200.
    private func revoke(_ request: FakeRequest) -> FakeResponse {
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        return locked {
            if let status = grants.revocationStatus {
                return Self.error(status, "temporarily_unavailable", "the revocation service is unavailable")
            }
            guard let clientId = form["client_id"], let client = clients[clientId] else {
                return Self.error(401, "invalid_client", "unknown client_id")
            }
            if let secret = client.secret, form["client_secret"] != secret {
                return Self.error(401, "invalid_client", "client authentication failed")
            }
            guard let token = form["token"], !token.isEmpty else { return Self.error(400, "invalid_request", "token is required") }
            if let hint = form["token_type_hint"], !["access_token", "refresh_token"].contains(hint) {
                return Self.error(400, "unsupported_token_type", "token_type_hint must be access_token or refresh_token")
            }
            grants.revoked.append(token)
            accessTokens.remove(token)
            refreshTokens.removeValue(forKey: token)
            return FakeResponse(status: 200, headers: [("Content-Length", "0")])
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private static func token(_ prefix: String) -> String {
        prefix + SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined()
    }

    private static func error(_ status: Int, _ code: String, _ description: String) -> FakeResponse {
        .json(status, object: ["error": code, "error_description": description])
    }

    private static func page(_ status: Int, _ text: String) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "text/plain")], body: Data((text + "\n").utf8))
    }
}
