import EveryAuthCore
import EveryAuthPostgres
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// The trait of every end-to-end PostgreSQL suite: skipped, saying why, without a test server.
extension Trait where Self == ConditionTrait {
    static var postgres: ConditionTrait {
        .enabled(if: PostgresTestServer.enabled, Comment(rawValue: PostgresTestServer.skipReason))
    }
}

/// A CLI session whose store is a fresh PostgreSQL database (`EVERYAUTH_STORE_URL`), with the fake
/// OAuth server configured as the pagerduty service; the library's store seeds and inspects it.
final class PostgresSession: Sendable {
    let database: PostgresDatabase
    let cli: CLI
    let oauth: OAuthServer
    let server: FakeHTTPServer
    let store: PostgresStore

    private init(database: PostgresDatabase, oauth: OAuthServer, server: FakeHTTPServer) throws {
        self.database = database
        self.oauth = oauth
        self.server = server
        cli = CLI(environment: ["NO_PROXY": "*", "no_proxy": "*", "EVERYAUTH_STORE_URL": database.url])
        store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 60)
    }

    static func make() async throws -> PostgresSession {
        let database = try await PostgresDatabase.create()
        let oauth = OAuthServer(clients: [.init(id: "client-1", secret: "s3cret-client", redirectURIs: ["http://127.0.0.1:1/callback"])])
        let session = try PostgresSession(database: database, oauth: oauth, server: try oauth.serve())
        try await session.configure(tokenURL: session.server.baseURL + "/oauth/token")
        return session
    }

    /// Points the pagerduty service's token endpoint at `tokenURL`.
    func configure(tokenURL: String) async throws {
        let base = server.baseURL
        try await store.updateService("pagerduty") { settings in
            settings = ServiceSettings(clientId: "client-1", clientSecret: "s3cret-client", authorizationUrl: base + "/oauth/authorize",
                                       tokenUrl: tokenURL, apiUrl: base)
        }
    }

    /// Stores an OAuth identity holding tokens the fake issued, expiring in `expiresIn` s.
    @discardableResult
    func seedIdentity(userId: String, expiresIn: TimeInterval) async throws -> (accessToken: String, refreshToken: String) {
        let issued = oauth.issueTokens(clientId: "client-1")
        let credential = try Credential(tokenResponse: [
            "access_token": .string(issued.accessToken), "refresh_token": .string(issued.refreshToken),
            "token_type": .string("bearer"), "scope": .string("read write"), "expires_in": .number(expiresIn),
        ], receivedAt: Date())
        try await store.upsertIdentity(service: .pagerduty, userId: userId, kind: .oauth, credential: credential)
        return issued
    }

    func cleanUp() async {
        await store.shutdown()
        server.shutdown()
        cli.cleanUp()
        await database.drop()
    }
}
