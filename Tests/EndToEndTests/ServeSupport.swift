import EveryAuthCore
import EveryAuthPostgres
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// What a cookie-less browser got for one GET: status, headers (lowercased names), body.
struct WebAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String
    var location: String { headers["location"] ?? "" }
}

/// A browser without cookies, one hop at a time (curl, no redirects followed): the state travels
/// in the URL. `user` goes in `X-Forwarded-User` only to `serve`, as the proxy in front would add it.
enum WebBrowser {
    static let userHeader = "X-Forwarded-User"

    /// `interface` is the client's source address (`127.0.0.2`: a peer other than the proxy).
    static func get(_ url: String, user: String? = nil, interface: String? = nil, maxTime: Int = 60) async throws -> WebAnswer {
        var arguments = ["curl", "-sS", "-i", "--noproxy", "*", "--max-time", String(maxTime), "-w", "\n@@status %{http_code}"]
        if let user { arguments += ["-H", "\(userHeader): \(user)"] }
        if let interface { arguments += ["--interface", interface] }
        arguments.append(url)
        let result = try await ChildProcess.runAsync("/usr/bin/env", arguments, environment: ProcessInfo.processInfo.environment, timeout: 90)
        let text = result.stdout
        guard let marker = text.range(of: "\n@@status ", options: .backwards) else {
            return WebAnswer(status: 0, headers: [:], body: result.stderr)
        }
        let status = Int(text[marker.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let response = String(text[..<marker.lowerBound])
        let split = response.range(of: "\r\n\r\n")
        let head = split.map { String(response[..<$0.lowerBound]) } ?? response
        let body = split.map { String(response[$0.upperBound...]) } ?? ""
        var headers: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return WebAnswer(status: status, headers: headers, body: body)
    }

    /// `url` with its scheme, host and port replaced by `origin`'s (a load balancer's choice).
    static func rerouted(_ url: String, to origin: String) -> String {
        guard var components = URLComponents(string: url), let target = URLComponents(string: origin) else { return url }
        components.scheme = target.scheme
        components.host = target.host
        components.port = target.port
        return components.string ?? url
    }
}

/// One `everyauth serve` child on a free port of 127.0.0.1.
struct ServeInstance: Sendable {
    let process: BackgroundProcess
    let port: Int
    var origin: String { "http://127.0.0.1:\(port)" }

    /// Starts `serve` and waits for its "listening" line.
    /// `listen` is the host to bind (`0.0.0.0` needs an https public URL and `--trusted-proxy`);
    /// the instance is reached at 127.0.0.1 all the same.
    static func start(cli: CLI, publicURL: String? = nil, port: Int? = nil, listen: String = "127.0.0.1",
                      environment: [String: String] = [:], extra: [String] = []) async throws -> ServeInstance {
        let port = try port ?? FakeHTTPServer.freePort()
        let process = try cli.start(["serve", "--listen", "\(listen):\(port)", "--public-url", publicURL ?? "http://127.0.0.1:\(port)",
                                     "--user-id-header", WebBrowser.userHeader] + extra, environment: environment)
        let listening = await process.waitForStderrAsync(timeout: 120) { $0.contains("everyauth serve: listening on") ? true : nil }
        try #require(listening == true, "serve did not start: \(process.stderr)")
        return ServeInstance(process: process, port: port)
    }

    /// Ends it with SIGTERM and returns how it ended.
    func stop() async -> CLIResult {
        process.signal(SIGTERM)
        return await process.waitAsync(timeout: 60)
    }
}

/// A store shared by serve instances and the fake OAuth server they authorize against; the
/// client registers `publicURL/pagerduty/callback`.
final class ServeSession: Sendable {
    let oauth: OAuthServer
    let server: FakeHTTPServer
    let cli: CLI
    let publicURL: String
    let store: StoreAddress
    let clientSecret = "s3cret-serve"

    /// `store` nil: the JSON file in the session's config dir.
    init(publicURL: String, store address: StoreAddress? = nil) async throws {
        self.publicURL = publicURL
        oauth = OAuthServer(clients: [.init(id: "client-1", secret: clientSecret, redirectURIs: [publicURL + "/pagerduty/callback"])])
        server = try oauth.serve()
        var environment = ["NO_PROXY": "*", "no_proxy": "*"]
        // Every child (serve, service set) opens the same store: the one-line switch to PostgreSQL.
        if case .postgres(let url)? = address { environment["EVERYAUTH_STORE_URL"] = url }
        cli = CLI(environment: environment)
        store = address ?? .file(directory: cli.configDir)
        let settings = ServiceSettings(clientId: "client-1", clientSecret: clientSecret,
                                       authorizationUrl: server.baseURL + "/oauth/authorize", tokenUrl: server.baseURL + "/oauth/token",
                                       apiUrl: server.baseURL)
        let opened = try StoreBackends.all.open(store)
        try await opened.updateService("pagerduty") { $0 = settings }
        await opened.shutdown()
    }

    deinit {
        server.shutdown()
        cli.cleanUp()
    }

    /// The stored identities.
    func identities() async throws -> [Identity] {
        let opened = try StoreBackends.all.open(store)
        let identities = try await opened.identities(matching: IdentityFilter())
        await opened.shutdown()
        return identities
    }

    /// Pending authorizations not yet expired.
    func pendingCount() async throws -> Int {
        let opened = try StoreBackends.all.open(store)
        let info = try await opened.info()
        await opened.shutdown()
        return info.pending
    }

    /// One user's whole authorization: start on `start`, the fake approves, the callback goes
    /// to `finish` (another instance when given). Returns the last answer and the callback address.
    func authorize(user: String, start: ServeInstance, finish: ServeInstance? = nil) async throws -> (answer: WebAnswer, callback: String) {
        let begun = try await WebBrowser.get(start.origin + "/pagerduty", user: user)
        try #require(begun.status == 302, "start: \(begun.status) \(begun.body)")
        let approved = try await WebBrowser.get(begun.location)
        try #require(approved.status == 302, "authorize: \(approved.status) \(approved.body)")
        let callback = WebBrowser.rerouted(approved.location, to: (finish ?? start).origin)
        return (try await WebBrowser.get(callback, user: user), callback)
    }

    /// Fails the test when a code, token or secret the fake saw appears in `text`.
    func expectNoSecrets(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in oauth.secretsSeen.union([clientSecret]) where !secret.isEmpty {
            #expect(!text.contains(secret), "a secret leaked: \(secret.prefix(6))...", sourceLocation: sourceLocation)
        }
    }
}
