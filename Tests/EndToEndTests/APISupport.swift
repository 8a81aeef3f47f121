import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake

/// A fake PagerDuty (OAuth server and REST API) and a CLI session configured for both: the
/// token, revocation and API URLs point at the fakes. OAuth tokens the fake issued belong to
/// user PUSR002; `userKey` is PUSR001's API key; `accountKey` is an account-level key.
final class AccountSession: Sendable {
    static let userKey = "u+userkey-0001"
    static let accountKey = "acct-key-0001"
    let oauth = OAuthServer(clients: [.init(id: "client-1", secret: "s3cret-client")])
    let oauthHTTP: FakeHTTPServer
    let rest: RESTServer
    let cli = CLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])

    init(incidents: Int = 0, change: (inout RESTServer.Settings) -> Void = { _ in }) throws {
        oauthHTTP = try oauth.serve()
        var settings = RESTServer.Settings()
        settings.apiKeys = [Self.userKey: "PUSR001", Self.accountKey: RESTAccount.accountLevelUser]
        let oauth = self.oauth
        settings.bearerCheck = { token in oauth.isValidAccessToken(token) ? "PUSR002" : nil }
        change(&settings)
        rest = try RESTServer(incidentCount: incidents, settings: settings)
        let tokenURL = oauthHTTP.baseURL + "/oauth/token"
        let revocationURL = oauthHTTP.baseURL + "/oauth/revoke"
        let apiURL = rest.baseURL
        try FileStore(directory: cli.configDir).update { document in
            document.services["pagerduty"] = ServiceSettings(
                clientId: "client-1", clientSecret: "s3cret-client", tokenUrl: tokenURL, apiUrl: apiURL, revocationUrl: revocationURL)
        }
    }

    /// Runs `everyauth ARGS` off the concurrency pool.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CLIResult {
        try await cli.runAsync(arguments, stdin: stdin, environment: environment, timeout: 120)
    }

    /// Stores an OAuth identity holding tokens the fake issued, expiring in `expiresIn` seconds.
    @discardableResult
    func seedOAuth(userId: String, expiresIn: TimeInterval = 3600, tags: IdentityTags = [:]) throws -> (id: String, accessToken: String, refreshToken: String) {
        let issued = oauth.issueTokens(clientId: "client-1")
        let credential = try Credential(tokenResponse: [
            "access_token": .string(issued.accessToken), "refresh_token": .string(issued.refreshToken),
            "token_type": .string("bearer"), "scope": .string("read write"), "expires_in": .number(expiresIn),
        ], receivedAt: Date())
        let identity = try FileStore(directory: cli.configDir).update { document in
            document.upsertIdentity(service: .pagerduty, userId: userId, kind: .oauth, credential: credential, tags: tags)
        }
        return (identity.id, issued.accessToken, issued.refreshToken)
    }

    /// Stores an API key identity.
    @discardableResult
    func seedKey(userId: String, key: String, tags: IdentityTags = [:]) throws -> String {
        try FileStore(directory: cli.configDir).update { document in
            document.upsertIdentity(service: .pagerduty, userId: userId, kind: .apiKey, credential: .apiKey(key), tags: tags)
        }.id
    }

    /// The stored identities as JSON objects.
    func identities() -> [[String: Any]] {
        (cli.storeJSON()?["identities"] as? [[String: Any]]) ?? []
    }

    /// Parsed ndjson lines.
    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    deinit {
        rest.shutdown()
        oauthHTTP.shutdown()
        cli.cleanUp()
    }
}
