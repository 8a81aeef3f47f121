import Crypto
import Foundation
import Synchronization

/// A fake OAuth 2.0 authorization server with PagerDuty's endpoints (`/oauth/authorize`,
/// `/oauth/token`) that fails a wrong client the way a real one does: registered client ids,
/// redirect URIs compared exactly with the registered ones (PagerDuty's app registration keeps a
/// list), PKCE S256 only, codes used once within 30 s, the same redirect URI at the token
/// endpoint, rotating refresh tokens.
public final class OAuthServer: Sendable {
    /// A registered client: its id, its secret when confidential, and its redirect URIs.
    public struct Client: Sendable {
        public var id: String
        public var secret: String?
        /// The redirect URIs registered for the app; authorize refuses any other, byte for byte.
        public var redirectURIs: [String]
        public init(id: String, secret: String? = nil, redirectURIs: [String] = []) {
            self.id = id
            self.secret = secret
            self.redirectURIs = redirectURIs
        }
    }

    /// What the authorize endpoint does when the request carries no `decision`.
    public enum Consent: String, Sendable, CaseIterable {
        /// Redirects at once with a code, as if the user had approved (tests).
        case approve
        /// Redirects at once with `error=access_denied`, as if the user had denied.
        case deny
        /// Shows a page with an approve link and a deny link (manual trials).
        case ask
    }

    private struct PendingCode {
        var clientId: String
        var redirectURI: String
        var challenge: String
        var scope: String
        var issuedAt: Date
        var used: Bool
    }

    /// What the server remembers between requests: codes, tokens, counters and knobs.
    private struct State {
        var codes: [String: PendingCode] = [:]
        var refreshTokens: [String: (clientId: String, scope: String)] = [:]
        var accessTokens: Set<String> = []
        var counts = (authorizationCode: 0, refresh: 0)
        var secrets: Set<String> = []
        var settings = (expiresIn: Optional(3600), consent: Consent.approve, tokenDelay: 0.0, codeLifetime: 30.0)
        var grants = GrantState()
    }

    private let clients: [String: Client]
    private let state = Mutex(State())

    public init(clients: [Client]) {
        self.clients = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0) })
    }

    // MARK: - Knobs and counters for tests

    /// `expires_in` of the tokens issued from now on; nil leaves it out of the response.
    public var expiresIn: Int? {
        get { state.withLock { $0.settings.expiresIn } }
        set { state.withLock { $0.settings.expiresIn = newValue } }
    }

    /// What authorize does without a `decision` parameter; `decision=approve|deny` in the
    /// authorization request (the consent page's links) always wins.
    public var consent: Consent {
        get { state.withLock { $0.settings.consent } }
        set { state.withLock { $0.settings.consent = newValue } }
    }

    /// When true, authorize answers `error=access_denied` as if the user clicked "deny".
    public var denies: Bool {
        get { consent == .deny }
        set { consent = newValue ? .deny : .approve }
    }

    /// Seconds the token endpoint waits before answering (widens races in concurrency tests).
    public var tokenDelay: TimeInterval {
        get { state.withLock { $0.settings.tokenDelay } }
        set { state.withLock { $0.settings.tokenDelay = newValue } }
    }

    /// Token requests served with `grant_type=authorization_code` (successful or not).
    public var authorizationCodeRequests: Int { state.withLock { $0.counts.authorizationCode } }

    /// Token requests served with `grant_type=refresh_token` (successful or not).
    public var refreshRequests: Int { state.withLock { $0.counts.refresh } }

    /// True when `token` is an access token this server issued.
    public func isValidAccessToken(_ token: String) -> Bool { state.withLock { $0.accessTokens.contains(token) } }

    /// Every code, verifier, client secret and token this server issued or received, so a test can
    /// check that none of them leaked into output.
    public var secretsSeen: Set<String> { state.withLock { $0.secrets } }

    /// Issues tokens without a browser, to seed a store: (access token, refresh token).
    public func issueTokens(clientId: String, scope: String = "read write") -> (accessToken: String, refreshToken: String) {
        state.withLock { state in
            let pair = (Self.token("pdus+_0X"), Self.token("pdrt+_0X"))
            state.accessTokens.insert(pair.0)
            state.refreshTokens[pair.1] = (clientId, scope)
            state.secrets.formUnion([pair.0, pair.1])
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
        let response = authorize(request, decision: .approve)
        return response.status == 302 ? response.headers.first { $0.0 == "Location" }?.1 : nil
    }

    /// Forgets every refresh token, as when the user revokes the app.
    public func revokeRefreshTokens() { state.withLock { $0.refreshTokens.removeAll() } }

    /// Forgets one refresh token, as when one user revokes one grant.
    public func revokeRefreshToken(_ token: String) { _ = state.withLock { $0.refreshTokens.removeValue(forKey: token) } }

    // MARK: - Serving

    /// Answers the OAuth endpoints; nil for any other path (so a PagerDuty fake can compose it).
    public func handle(_ request: FakeRequest) async -> FakeResponse? {
        switch (request.method, request.path) {
        case ("GET", "/oauth/authorize"): return authorize(request, decision: nil)
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

    private func authorize(_ request: FakeRequest, decision forced: Consent?) -> FakeResponse {
        let query = Dictionary(request.queryItems, uniquingKeysWith: { first, _ in first })
        guard let clientId = query["client_id"], let client = clients[clientId] else { return Self.page(400, "unknown client_id") }
        // Never redirect to an address the app did not register (RFC 6749 §4.1.2.1): an error page.
        guard let redirect = query["redirect_uri"], client.redirectURIs.contains(redirect) else {
            return Self.page(400, "The redirect URI included is not valid: it must be exactly one registered for the app ("
                + (client.redirectURIs.isEmpty ? "none registered" : client.redirectURIs.joined(separator: ", ")) + ")")
        }
        guard query["response_type"] == "code" else { return Self.page(400, "response_type must be code") }
        guard query["code_challenge_method"] == "S256" else { return Self.page(400, "code_challenge_method must be S256") }
        guard let challenge = query["code_challenge"], challenge.count == 43 else { return Self.page(400, "code_challenge missing") }
        let scope = query["scope"] ?? "read"
        let decision: Consent
        if let forced {
            decision = forced
        } else if let asked = query["decision"] {
            guard let chosen = Consent(rawValue: asked), chosen != .ask else { return Self.page(400, "decision must be approve or deny") }
            decision = chosen
        } else {
            decision = consent
        }
        var fields: [(String, String)]
        switch decision {
        case .ask:
            return consentPage(rawQuery: request.query, clientId: clientId, scope: scope, redirect: redirect)
        case .deny:
            fields = [("error", "access_denied"), ("error_description", "The user denied access to the app")]
        case .approve:
            let code = Self.token("code")
            state.withLock { state in
                state.secrets.insert(code)
                state.codes[code] = PendingCode(clientId: clientId, redirectURI: redirect, challenge: challenge, scope: scope, issuedAt: Date(), used: false)
            }
            fields = [("code", code)]
        }
        if let state = query["state"] { fields.append(("state", state)) }
        let location = redirect + (redirect.contains("?") ? "&" : "?") + FakeForm.encode(fields)
        return FakeResponse(status: 302, headers: [("Location", location), ("Content-Length", "0")])
    }

    /// The page a user sees at PagerDuty before the app gets access: two links back to this
    /// endpoint with `decision=approve` or `decision=deny` (each link alone on its line).
    private func consentPage(rawQuery: String, clientId: String, scope: String, redirect: String) -> FakeResponse {
        let base = "/oauth/authorize?" + rawQuery
        let html = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Authorize app - fake PagerDuty</title></head>
            <body>
            <h1>Fake PagerDuty</h1>
            <p>The app <b>\(Self.escapeHTML(clientId))</b> asks for access with scope <b>\(Self.escapeHTML(scope))</b>.
            You will be sent back to \(Self.escapeHTML(redirect)).</p>
            <p><a id="approve" href="\(Self.escapeHTML(base + "&decision=approve"))">Approve</a></p>
            <p><a id="deny" href="\(Self.escapeHTML(base + "&decision=deny"))">Deny</a></p>
            </body></html>

            """
        return FakeResponse(status: 200, headers: [
            ("Content-Type", "text/html; charset=utf-8"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
        ], body: Data(html.utf8))
    }

    private static func escapeHTML(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    private func token(_ request: FakeRequest) -> FakeResponse {
        let grant = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })["grant_type"]
        state.withLock { state in
            if grant == "authorization_code" { state.counts.authorizationCode += 1 }
            if grant == "refresh_token" { state.counts.refresh += 1 }
        }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        state.withLock { state in
            for key in ["code", "code_verifier", "client_secret", "refresh_token"] {
                if let value = form[key], !value.isEmpty { state.secrets.insert(value) }
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
        state.withLock { state in
            guard let code = form["code"], var pending = state.codes[code] else {
                return Self.error(400, "invalid_grant", "unknown authorization code")
            }
            guard !pending.used else { return Self.error(400, "invalid_grant", "the authorization code was already used") }
            pending.used = true
            state.codes[code] = pending
            guard Date().timeIntervalSince(pending.issuedAt) <= state.settings.codeLifetime else {
                return Self.error(400, "invalid_grant", "the authorization code has expired")
            }
            guard pending.clientId == clientId else { return Self.error(400, "invalid_grant", "the code was issued to another client") }
            guard form["redirect_uri"] == pending.redirectURI else { return Self.error(400, "invalid_grant", "redirect_uri does not match") }
            guard let verifier = form["code_verifier"], Self.isVerifier(verifier), Self.challenge(for: verifier) == pending.challenge else {
                return Self.error(400, "invalid_grant", "code_verifier does not match the code_challenge")
            }
            return Self.issue(clientId: clientId, scope: pending.scope, in: &state)
        }
    }

    private func refresh(_ form: [String: String], clientId: String) -> FakeResponse {
        state.withLock { state in
            guard let old = form["refresh_token"], let entry = state.refreshTokens[old], entry.clientId == clientId else {
                return Self.error(400, "invalid_grant", "the refresh token is invalid, expired or revoked")
            }
            // Rotation: the old refresh token stops working the moment a new one is issued.
            state.refreshTokens.removeValue(forKey: old)
            return Self.issue(clientId: clientId, scope: entry.scope, in: &state)
        }
    }

    /// Issues an access and a refresh token into `state` (the caller holds the lock).
    private static func issue(clientId: String, scope: String, in state: inout State) -> FakeResponse {
        let access = Self.token("pdus+_0X")
        let refresh = Self.token("pdrt+_0X")
        state.accessTokens.insert(access)
        state.refreshTokens[refresh] = (clientId, scope)
        state.secrets.formUnion([access, refresh])
        var body: [(String, FakeJSON)] = [
            ("access_token", .string(access)), ("refresh_token", .string(refresh)), ("token_type", .string("bearer")),
            ("scope", .string(scope)), ("id_token", .string("ey.fake.\(Self.token("id"))")),
        ]
        if let expiresIn = state.settings.expiresIn { body.append(("expires_in", .int(expiresIn))) }
        return .json(200, .object(body), headers: [("Cache-Control", "no-store")])
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
    public var clientCredentialsRequests: Int { state.withLock { $0.grants.clientCredentials } }

    /// `expires_in` of the app tokens issued from now on.
    public var appTokenExpiresIn: Int {
        get { state.withLock { $0.grants.appExpiresIn } }
        set { state.withLock { $0.grants.appExpiresIn = newValue } }
    }

    /// Tokens the revocation endpoint was asked to revoke (accepted requests), in order.
    public var revokedTokens: [String] { state.withLock { $0.grants.revoked } }

    /// When set, the revocation endpoint answers this status (503: temporarily unavailable).
    public var revocationFailure: Int? {
        get { state.withLock { $0.grants.revocationStatus } }
        set { state.withLock { $0.grants.revocationStatus = newValue } }
    }

    /// PagerDuty's app token: a confidential client, a scope naming the account (`as_account-us.acme`),
    /// an access token without a refresh token.
    private func clientCredentials(_ form: [String: String], client: Client) -> FakeResponse {
        state.withLock { state in
            state.grants.clientCredentials += 1
            guard client.secret != nil else {
                return Self.error(400, "unauthorized_client", "only confidential clients may use client_credentials")
            }
            let scopes = (form["scope"] ?? "").split(separator: " ")
            guard scopes.contains(where: { $0.hasPrefix("as_account-") }) else {
                return Self.error(400, "invalid_scope", "the scope must name the account: as_account-{region}.{subdomain}")
            }
            let access = Self.token("pdus+_0X")
            state.accessTokens.insert(access)
            state.secrets.insert(access)
            return .json(200, object: [
                "access_token": access, "token_type": "bearer", "scope": form["scope"] ?? "", "expires_in": state.grants.appExpiresIn,
            ], headers: [("Cache-Control", "no-store")])
        }
    }

    /// RFC 7009 §2: the client authenticates; the token stops working; an unknown token still gets 200.
    private func revoke(_ request: FakeRequest) -> FakeResponse {
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        return state.withLock { state in
            if let status = state.grants.revocationStatus {
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
            state.grants.revoked.append(token)
            state.accessTokens.remove(token)
            state.refreshTokens.removeValue(forKey: token)
            return FakeResponse(status: 200, headers: [("Content-Length", "0")])
        }
    }
}
