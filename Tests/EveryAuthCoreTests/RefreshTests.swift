import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// A temp store with one PagerDuty identity whose tokens the fake authorization server issued.
final class RefreshFixture: Sendable {
    let oauth = OAuthServer(clients: [.init(id: "client-1", secret: "s3cret")])
    let server: FakeHTTPServer
    let store: FileStore
    let directory: URL
    let refresher: TokenRefresher
    let selector = IdentitySelector(service: .pagerduty, userId: "user-1")
    let issued: (accessToken: String, refreshToken: String)

    /// `expiresIn`: seconds until the seeded access token expires (nil: no expiry).
    init(expiresIn: TimeInterval?, refreshToken: Bool = true) throws {
        server = try oauth.serve()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-refresh-\(UUID().uuidString)")
        store = FileStore(directory: directory)
        refresher = TokenRefresher(store: store, http: HTTPClient())
        issued = oauth.issueTokens(clientId: "client-1")
        var response: JSONObject = ["access_token": .string(issued.accessToken), "token_type": .string("bearer"), "scope": .string("read write")]
        if let expiresIn { response["expires_in"] = .number(expiresIn) }
        if refreshToken { response["refresh_token"] = .string(issued.refreshToken) }
        let credential = try Credential(tokenResponse: response, receivedAt: Date())
        let tokenURL = server.baseURL + "/oauth/token"
        try store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "client-1", clientSecret: "s3cret", tokenUrl: tokenURL)
            document.upsertIdentity(service: .pagerduty, userId: "user-1", kind: .oauth, credential: credential, tags: ["team": "web"])
        }
    }

    func stored() throws -> Identity {
        let document = try store.read()
        return document.identities[try selector.index(in: document.identities)]
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Token refresh")
struct RefreshTests {
    @Test("an expiring token is refreshed once; the rotated refresh token replaces the old one")
    func refreshesOnce() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        let identity = try await fixture.refresher.identity(fixture.selector)
        #expect(identity.credential.accessToken != fixture.issued.accessToken)
        #expect(fixture.oauth.isValidAccessToken(identity.credential.accessToken))
        #expect(identity.credential.refreshToken != fixture.issued.refreshToken)
        #expect(fixture.oauth.refreshRequests == 1)
        let stored = try fixture.stored()
        #expect(stored.credential == identity.credential)
        #expect(stored.tags == ["team": "web"])
        #expect(!String(decoding: try Data(contentsOf: fixture.store.fileURL), as: UTF8.self).contains(fixture.issued.refreshToken))
        // Fresh now: no second refresh.
        _ = try await fixture.refresher.identity(fixture.selector)
        #expect(fixture.oauth.refreshRequests == 1)
    }

    @Test("a token far from expiry, or refresh turned off, causes no request")
    func noRefreshNeeded() async throws {
        let fixture = try RefreshFixture(expiresIn: 3600)
        #expect(try await fixture.refresher.identity(fixture.selector).credential.accessToken == fixture.issued.accessToken)
        let expiring = try RefreshFixture(expiresIn: 10)
        #expect(try await expiring.refresher.identity(expiring.selector, refresh: false).credential.accessToken == expiring.issued.accessToken)
        #expect(fixture.oauth.refreshRequests == 0)
        #expect(expiring.oauth.refreshRequests == 0)
    }

    @Test("invalid_grant marks the identity refresh_error, deletes nothing, and is exit 3")
    func invalidGrant() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        fixture.oauth.revokeRefreshTokens()
        do {
            _ = try await fixture.refresher.identity(fixture.selector)
            Issue.record("refresh succeeded with a revoked token")
        } catch let error as OAuthError {
            guard case .refreshRejected(_, "user-1", _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.errorDescription?.contains("user 'user-1'") == true)
        }
        let stored = try fixture.stored()
        #expect(stored.status == .refreshError)
        #expect(stored.credential.refreshToken == fixture.issued.refreshToken)
        // Marked: the next ask fails at once, without spending a request.
        await #expect(throws: OAuthError.self) { _ = try await fixture.refresher.identity(fixture.selector) }
        #expect(fixture.oauth.refreshRequests == 1)
    }

    @Test("expired without a refresh token is exit 3; still valid without one is returned")
    func notRefreshable() async throws {
        let expired = try RefreshFixture(expiresIn: -10, refreshToken: false)
        await #expect(throws: OAuthError.notRefreshable(service: "pagerduty", userId: "user-1")) {
            _ = try await expired.refresher.identity(expired.selector)
        }
        let soon = try RefreshFixture(expiresIn: 60, refreshToken: false)
        #expect(try await soon.refresher.identity(soon.selector).credential.accessToken == soon.issued.accessToken)
    }

    @Test("many concurrent asks spend the refresh token once")
    func concurrent() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        fixture.oauth.tokenDelay = 0.2
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    // A refresher per task, as separate processes would have.
                    let refresher = TokenRefresher(store: FileStore(directory: fixture.directory), http: HTTPClient())
                    return try await refresher.identity(fixture.selector).credential.accessToken
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
        #expect(fixture.oauth.refreshRequests == 1)
    }

    @Test("forceRefresh after a 401 refreshes, unless another process already replaced the token")
    func forceRefresh() async throws {
        let fixture = try RefreshFixture(expiresIn: 3600)
        let fresh = try await fixture.refresher.forceRefresh(fixture.selector, staleAccessToken: fixture.issued.accessToken)
        #expect(fresh.credential.accessToken != fixture.issued.accessToken)
        #expect(fixture.oauth.refreshRequests == 1)
        let again = try await fixture.refresher.forceRefresh(fixture.selector, staleAccessToken: fixture.issued.accessToken)
        #expect(again.credential.accessToken == fresh.credential.accessToken)
        #expect(fixture.oauth.refreshRequests == 1)
    }

    @Test("the library entry point returns the refreshed credential")
    func getIdentity() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        let credential = try await EveryAuth(configDirectory: fixture.directory, http: HTTPClient())
            .getIdentity("pagerduty", userId: "user-1")
        #expect(fixture.oauth.isValidAccessToken(credential.accessToken))
        #expect(credential.accessToken != fixture.issued.accessToken)
        await #expect(throws: LookupError.self) {
            _ = try await EveryAuth(configDirectory: fixture.directory).getIdentity(.pagerduty, userId: "nobody")
        }
    }
}
