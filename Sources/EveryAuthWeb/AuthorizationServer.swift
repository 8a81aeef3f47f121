import EveryAuthCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// `everyauth serve`: the route group of every configured service behind one small HTTP server
/// for a team, with the user id taken from a header that the authenticating proxy in front sets
/// (SPEC §2 "serve"). Runs until SIGTERM or SIGINT, then stops accepting connections and lets the
/// requests in flight (callbacks storing identities) finish.
public struct AuthorizationServer: Sendable {
    /// What the server needs; checked by `init`.
    public struct Configuration: Sendable {
        /// Host to bind: an IP address or `localhost`.
        public var host: String
        /// Port to bind; 0 picks a free one (reported to `onListening`).
        public var port: Int
        /// The address browsers reach the server at, through the proxy.
        public var publicURL: String
        /// The request header holding the user id, set (and overwritten) by the proxy.
        public var userIdHeader: String
        /// Where browsers go after success; nil for the server's own `/done` page.
        public var finishedURL: String?
        public var store: any Store
        public var http: HTTPClient
        /// Receives one line per access-log entry and per flow event (logfmt, no secrets).
        public var log: @Sendable (String) -> Void
        /// The peers whose requests are answered (the proxy); nil for `TrustedProxy.loopback`,
        /// which a listener on a non-loopback host does not accept: it must name its proxy.
        public var trustedProxies: [TrustedProxy]?
        /// Idle and header-read timeout, and the cap on open connections (SPEC §7).
        public var connectionLimits = ConnectionLimits()
        /// Pending authorizations kept per user and in all (SPEC §7).
        public var pendingLimits = PendingAuthorization.Limits.standard
        /// Where a signed `authorized` event is POSTed for each identity stored (https, or http to
        /// a loopback host); nil for none. Needs `webhookSecret`.
        public var webhookURL: String?
        /// The HMAC-SHA256 key the events are signed with (`X-EveryAuth-Signature`).
        public var webhookSecret: [UInt8]?

        public init(host: String, port: Int, publicURL: String, userIdHeader: String, finishedURL: String?,
                    store: any Store, http: HTTPClient, trustedProxies: [TrustedProxy]? = nil,
                    log: @escaping @Sendable (String) -> Void) {
            self.host = host
            self.port = port
            self.publicURL = publicURL
            self.userIdHeader = userIdHeader
            self.finishedURL = finishedURL
            self.store = store
            self.http = http
            self.trustedProxies = trustedProxies
            self.log = log
        }
    }

    public let configuration: Configuration
    private let headerName: HTTPField.Name
    private let publicBase: String
    /// The webhook queue, drained for up to 5 s when the server stops.
    let webhooks: WebhookSender?

    /// Refuses what would make the server unsafe: no user id header, a non-loopback listener
    /// without an https public URL or without named trusted proxies, a public URL that is not http(s).
    public init(_ configuration: Configuration) throws {
        guard let name = HTTPField.Name(configuration.userIdHeader), !configuration.userIdHeader.isEmpty else {
            throw UsageError("--user-id-header must be a header name such as X-Forwarded-User, not '\(ServerText.safe(configuration.userIdHeader))'")
        }
        guard !["host", "cookie", "authorization", "content-type", "content-length"].contains(name.canonicalName) else {
            throw UsageError("--user-id-header cannot be \(configuration.userIdHeader): name the header your proxy sets for the signed-in user")
        }
        guard (0...65_535).contains(configuration.port) else { throw UsageError("--listen: the port must be 0-65535") }
        let base = try AuthorizationRoutes<BasicRequestContext>.checkedBaseURL(configuration.publicURL)
        if !EndpointURL.isLoopback(host: configuration.host), URLComponents(string: base)?.scheme?.lowercased() != "https" {
            throw UsageError("--listen \(configuration.host) is not a loopback address: give --public-url https://... (browsers must reach it over TLS, through the proxy)")
        }
        if !EndpointURL.isLoopback(host: configuration.host), configuration.trustedProxies == nil {
            throw UsageError("--listen \(configuration.host) is not a loopback address: name the proxy in front with --trusted-proxy ADDR[/PREFIX] (only its requests are answered; the default is 127.0.0.1 and ::1)")
        }
        if configuration.trustedProxies?.isEmpty == true {
            throw UsageError("--trusted-proxy: name at least one address, such as 127.0.0.1 or 10.0.0.0/8")
        }
        if let finished = configuration.finishedURL { _ = try FinishedURL.validate(finished) }
        switch (configuration.webhookURL, configuration.webhookSecret) {
        case (nil, nil): webhooks = nil
        case (let url?, let secret?):
            let log = configuration.log
            webhooks = try WebhookSender(url: url, secret: secret, http: configuration.http) { report in log(Self.line(report)) }
        default: throw UsageError("a webhook needs both its URL and its secret")
        }
        self.configuration = configuration
        headerName = name
        publicBase = base
    }

    /// The mounts for the services configured in the store; throws when there are none.
    public func services() async throws -> [ServiceKind] {
        let configured = try await configuration.store.services()
        let kinds = ServiceKind.allCases.filter { configured[$0.rawValue] != nil }
        guard !kinds.isEmpty else { throw LookupError.serviceNotConfigured(ServiceKind.pagerduty.rawValue) }
        return kinds
    }

    /// Serves until SIGTERM/SIGINT; `onListening` gets the bound port once connections are accepted.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let kinds = try await services()
        let router = try makeRouter(services: kinds)
        var logger = Logger(label: "everyauth-serve")
        logger.logLevel = .critical
        let limits = configuration.connectionLimits
        let registry = ConnectionRegistry(limit: limits.maxConnections)
        let timeout = TimeAmount.nanoseconds(Int64(limits.timeout.components.seconds) * 1_000_000_000
                                             + limits.timeout.components.attoseconds / 1_000_000_000)
        let app = Application(
            router: router,
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder), registry: registry, timeout: timeout)
            },
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.runService()
        } catch {
            await webhooks?.drain()
            throw error
        }
        // The server has stopped taking requests; what they queued gets a short grace.
        await webhooks?.drain()
    }

    /// The router: access log and security headers on everything, then the trusted-proxy check,
    /// `/` (a page with a connect link per service), `/healthz`, `/done`, and one route group per
    /// service at `/<service>`.
    public func makeRouter(services kinds: [ServiceKind]) throws -> Router<ServeRequestContext> {
        let router = Router(context: ServeRequestContext.self)
        let log = configuration.log
        let store = configuration.store
        router.add(middleware: AccessLogMiddleware { entry in log(entry.line()) })
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: TrustedPeerMiddleware(proxies: configuration.trustedProxies ?? TrustedProxy.loopback) { peer in
            log("ts=\(Timestamp.format(Date())) event=untrusted_peer peer=\(LogField.quoted(peer ?? "unknown")) status=403")
        })
        router.get("healthz") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            // Ready means able to work: a store that cannot be read fails every start and callback.
            do {
                _ = try await store.services()
            } catch {
                let reason = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
                log("ts=\(Timestamp.format(Date())) event=store_unavailable reason=\(LogField.quoted(reason))")
                return Response(status: .serviceUnavailable, headers: headers,
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "the credential store cannot be used\n")))
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // The address people are given: one link per service this server connects.
        let connect = kinds.map { (href: publicBase + "/" + $0.rawValue, text: "Connect \($0.displayName)") }
        router.get("/") { _, _ in
            AuthorizationPage.response(
                status: 200, title: "Connect your accounts",
                message: "Choose a service to authorize; you will be sent there to sign in and come back here.", links: connect)
        }
        router.get("done") { _, _ in
            AuthorizationPage.response(status: 200, title: "Authorized", message: "Thank you for authorizing access. You can close this page.")
        }
        let header = headerName
        for kind in kinds {
            var routes = AuthorizationRoutes<ServeRequestContext>.Configuration(
                store: configuration.store, http: configuration.http, publicBaseURL: publicBase,
                finishedURL: configuration.finishedURL ?? publicBase + "/done",
                mapToUserId: { request, _ in try UserIDHeader.value(in: request.headers, named: header) })
            routes.pendingLimits = configuration.pendingLimits
            routes.onEvent = { event in log(Self.line(event)) }
            routes.webhooks = webhooks
            try AuthorizationRoutes(service: kind, mountPath: "/" + kind.rawValue, configuration: routes).addRoutes(to: router)
        }
        return router
    }

    /// A webhook delivery as a logfmt line: the event type, the receiver's host, the status or
    /// failure, the attempt; never the secret, the signature or the body.
    static func line(_ report: WebhookReport) -> String {
        var line = "ts=\(Timestamp.format(Date())) event=webhook outcome=\(report.outcomeName)"
        if let type = report.eventType { line += " type=\(type.rawValue)" }
        line += " host=\(LogField.quoted(report.host))"
        if let status = report.status { line += " status=\(status)" }
        if let failure = report.failure { line += " failure=\(LogField.quoted(failure))" }
        if report.attempt > 0 { line += " attempt=\(report.attempt)/\(report.attempts)" }
        switch report.outcome {
        case .retrying(let after): line += " retry_in=" + String(format: "%.1f", after)
        case .droppedQueueFull(let capacity): line += " capacity=\(capacity)"
        case .droppedAtShutdown(let count): line += " dropped=\(count)"
        case .delivered, .gaveUp: break
        }
        return line
    }

    /// An event as a logfmt line; user ids are quoted and escaped, reasons are our own text.
    static func line(_ event: AuthorizationRouteEvent) -> String {
        let time = "ts=\(Timestamp.format(Date()))"
        switch event {
        case .started(let service, let userId):
            return "\(time) event=started service=\(service.rawValue) user=\(LogField.quoted(userId))"
        case .authorized(let service, let userId, let identityId):
            return "\(time) event=authorized service=\(service.rawValue) user=\(LogField.quoted(userId)) identity=\(identityId)"
        case .refused(let service, let status, let reason):
            return "\(time) event=refused service=\(service.rawValue) status=\(status) reason=\(LogField.quoted(reason))"
        }
    }
}

/// The request context of `everyauth serve`: Hummingbird's, plus the peer's address, which the
/// trusted-proxy check reads.
public struct ServeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer: the proxy in front, or whoever else reached the port.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
