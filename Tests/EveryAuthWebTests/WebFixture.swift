import EveryAuthCore
import EveryAuthTestSupport
import EveryAuthWeb
import Foundation
import HTTPTypes
import Hummingbird
import PagerDutyFake
import Synchronization
import Testing

/// A Hummingbird app with the PagerDuty route group mounted at `/pagerduty`, on a FileStore in a
/// temp dir, against the fake OAuth server running in-process. The user id comes from
/// `X-Test-User`; the clock can be moved to expire pending authorizations.
final class WebFixture: Sendable {
    static let publicBase = "https://connect.example.com"
    static let redirectURI = publicBase + "/pagerduty/callback"
    static let userHeader = HTTPField.Name("X-Test-User")!
    static let clientSecret = "s3cret-client"

    let directory: URL
    /// The JSON file store in `directory`, used through the protocol as the routes use it.
    let store: any Store
    let oauth: OAuthServer
    let server: FakeHTTPServer
    let events = Recorder<AuthorizationRouteEvent>()
    private let offset = Mutex<TimeInterval>(0)

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-web-\(UUID().uuidString)", isDirectory: true)
        oauth = OAuthServer(clients: [.init(id: "client-1", secret: Self.clientSecret, redirectURIs: [Self.redirectURI])])
        server = try oauth.serve()
        store = FileStore(directory: directory)
        let base = server.baseURL
        try await store.updateService("pagerduty") { settings in
            settings = ServiceSettings(scope: "read write", clientId: "client-1", clientSecret: Self.clientSecret,
                                       authorizationUrl: base + "/oauth/authorize", tokenUrl: base + "/oauth/token", apiUrl: base)
        }
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Moves the routes' clock `seconds` ahead of the real one.
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// The application under test; `tags` come from `X-Test-Tag: key=value` when given.
    func application() throws -> some ApplicationProtocol {
        let router = Router()
        let events = self.events
        var configuration = AuthorizationRoutes<BasicRequestContext>.Configuration(
            store: store, http: HTTPClient(), publicBaseURL: Self.publicBase, finishedURL: "https://app.example.com/done",
            tags: { request, _ in
                guard let tag = request.headers[HTTPField.Name("X-Test-Tag")!] else { return [:] }
                let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 ? [parts[0]: parts[1]] : [:]
            },
            mapToUserId: { request, _ in request.headers[Self.userHeader] })
        configuration.now = { [self] in Date().addingTimeInterval(offset.withLock { $0 }) }
        configuration.onEvent = { events.record($0) }
        try AuthorizationRoutes(service: .pagerduty, mountPath: "/pagerduty", configuration: configuration).addRoutes(to: router)
        return Application(router: router)
    }

    /// The stored identities.
    func identities() async throws -> [Identity] {
        try await store.identities(matching: IdentityFilter())
    }

    /// Pending authorizations not yet expired.
    func pendingCount() async throws -> Int { try await store.info().pending }

    /// The raw pending file (empty when absent).
    var pendingFile: String {
        (try? String(contentsOf: directory.appendingPathComponent("everyauth-pending.json"), encoding: .utf8)) ?? ""
    }

    /// Fails the test when a code, token or secret the fake saw (or the state) appears in `text`.
    func expectNoSecrets(in text: String, state: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        var secrets = oauth.secretsSeen
        secrets.insert(Self.clientSecret)
        if let state { secrets.insert(state) }
        for secret in secrets where !secret.isEmpty {
            #expect(!text.contains(secret), "a secret leaked: \(secret.prefix(6))...", sourceLocation: sourceLocation)
        }
    }
}

/// What one request through the router answered.
struct Answer: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: String

    var location: String { headers[.location] ?? "" }

    /// `Cache-Control: no-store` and `Referrer-Policy: no-referrer`, on pages and redirects alike.
    func expectSecurityHeaders(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
        #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", sourceLocation: sourceLocation)
    }

    /// A plain page: HTML, and nothing loaded from elsewhere (no src, no stylesheet link, no http(s) URL).
    func expectPlainPage(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(headers[.contentType] == "text/html; charset=utf-8", sourceLocation: sourceLocation)
        #expect(!body.contains("src="), sourceLocation: sourceLocation)
        #expect(!body.contains("<link"), sourceLocation: sourceLocation)
        #expect(!body.contains("http://") && !body.contains("https://"), sourceLocation: sourceLocation)
        #expect(!body.contains("Error(") && !body.contains(".swift"), "looks like a stack trace", sourceLocation: sourceLocation)
    }
}

/// The path and query of an absolute address, to send through the router.
func pathAndQuery(_ url: String) throws -> String {
    let components = try #require(URLComponents(string: url))
    return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
}

/// The value of query parameter `name` in `url`.
func queryValue(_ url: String, _ name: String) -> String? {
    URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
}
