import EveryAuthCore
import Foundation
import Hummingbird

/// The web authorization flow of EveryAuth's guide as a Hummingbird 2 route group (SPEC §2
/// "serve"): `GET <mount>` sends the app's user to the service's authorization page, and
/// `GET <mount>/callback` stores the identity for that user. The pending authorization lives in
/// the store, so any instance sharing it can finish what another one started.
///
/// ```swift
/// let router = Router()
/// let pagerduty = try AuthorizationRoutes<BasicRequestContext>(
///     service: .pagerduty, mountPath: "/pagerduty",
///     configuration: .init(store: store, http: HTTPClient(), publicBaseURL: "https://app.example.com",
///                          finishedURL: "/settings") { request, _ in request.headers[userHeader] })
/// pagerduty.addRoutes(to: router)
/// ```
public struct AuthorizationRoutes<Context: RequestContext>: Sendable {
    /// Resolves the app's own user id for a request; nil when nobody is signed in (401, nothing
    /// stored); `InvalidUserID` thrown for an id that cannot be used (400, nothing stored).
    public typealias UserIdMapping = @Sendable (Request, Context) async throws -> String?
    /// Tags to put on the identity an authorization stores.
    public typealias TagMapping = @Sendable (Request, Context) async throws -> [String: String]

    /// What the app gives the route group.
    public struct Configuration: Sendable {
        /// Where pending authorizations and identities live.
        public var store: any Store
        /// The token endpoint's client.
        public var http: HTTPClient
        /// The address browsers reach this app at, e.g. `https://auth.example.com` (no trailing slash
        /// needed); the redirect URI is this, the mount path and `/callback`.
        public var publicBaseURL: String
        /// Where the browser goes once the identity is stored.
        public var finishedURL: String
        /// The app's user id for a request (the guide's `mapToUserId`): nil is a 401 page; an id
        /// that breaks the user-id rule (1 to 256 bytes of UTF-8 without control characters), or an
        /// `InvalidUserID` it throws (`UserIDHeader` does), is a 400 page. Nothing is stored either way.
        public var mapToUserId: UserIdMapping
        /// Tags for the identity (the guide's identity tags); none when nil.
        public var tags: TagMapping?
        /// Scope to request instead of the service's.
        public var scope: String?
        /// How long a started authorization may take to come back (10 minutes).
        public var pendingLifetime: TimeInterval = 600
        /// Pending authorizations kept per user and in all (5 and 10,000); past the total a start
        /// gets a 503 page.
        public var pendingLimits = PendingAuthorization.Limits.standard
        /// The time now; tests move it to expire pending authorizations.
        public var now: @Sendable () -> Date = { Date() }
        /// Hears each outcome (for an app's log); never given a code, state or token.
        public var onEvent: (@Sendable (AuthorizationRouteEvent) -> Void)?
        /// Where the signed `authorized` webhook goes, off the request path (set by
        /// `init(everyAuth:...)` from `EveryAuth.sendingWebhooks`, or by `serve`).
        package var webhooks: WebhookSender?

        public init(store: any Store, http: HTTPClient, publicBaseURL: String, finishedURL: String,
                    tags: TagMapping? = nil, mapToUserId: @escaping UserIdMapping) {
            self.store = store
            self.http = http
            self.publicBaseURL = publicBaseURL
            self.finishedURL = finishedURL
            self.tags = tags
            self.mapToUserId = mapToUserId
        }

        /// The store and client of `everyAuth`, and its webhooks when it has them
        /// (`EveryAuth.sendingWebhooks`): each identity stored sends a signed `authorized` event.
        public init(everyAuth: EveryAuth, publicBaseURL: String, finishedURL: String,
                    tags: TagMapping? = nil, mapToUserId: @escaping UserIdMapping) {
            self.init(store: everyAuth.store, http: everyAuth.http, publicBaseURL: publicBaseURL, finishedURL: finishedURL,
                      tags: tags, mapToUserId: mapToUserId)
            webhooks = everyAuth.webhooks
        }
    }

    /// The provider this group authorizes against.
    public let service: ServiceKind
    /// Where the group is mounted, e.g. `/pagerduty`: starts with `/`, no trailing `/`.
    public let mountPath: String
    public let configuration: Configuration
    /// `configuration.http` making one attempt per request, made once: the best-effort email lookup
    /// after each callback reuses its worker and connection.
    let lookupHTTP: HTTPClient

    /// Checks the mount path and the public base URL (https, or http to a loopback host).
    public init(service: ServiceKind, mountPath: String, configuration: Configuration) throws {
        let trimmed = mountPath.hasSuffix("/") ? String(mountPath.dropLast()) : mountPath
        guard trimmed.hasPrefix("/"), !trimmed.contains("?"), !trimmed.contains("#"), !trimmed.contains(":"),
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && !ControlCharacter.isControl($0) && $0 != " " }) else {
            throw UsageError("the mount path must start with '/' and hold no query, fragment, colon or space, not '\(mountPath)'")
        }
        self.service = service
        self.mountPath = trimmed
        var configuration = configuration
        configuration.publicBaseURL = try Self.checkedBaseURL(configuration.publicBaseURL)
        self.configuration = configuration
        lookupHTTP = configuration.http.singleAttempt()
    }

    /// `<public base URL><mount>/callback`, the address registered with the provider.
    public var redirectURI: String { configuration.publicBaseURL + mountPath + "/callback" }

    /// Adds `GET <mount>` and `GET <mount>/callback` to `router`.
    public func addRoutes(to router: some RouterMethods<Context>) {
        let group = router.group(RouterPath(mountPath))
        group.get { request, context in await self.start(request, context: context) }
        group.get("callback") { request, context in await self.callback(request, context: context) }
    }

    /// A public base URL without a trailing slash, path, query or credentials.
    static func checkedBaseURL(_ text: String) throws -> String {
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              components.query == nil, components.fragment == nil else {
            throw UsageError("the public URL must be an http(s) address such as https://auth.example.com, not '\(ServerText.safe(text))'")
        }
        guard scheme == "https" || (scheme == "http" && EndpointURL.isLoopback(host: host)) else {
            throw UsageError("the public URL must be https (http only to a loopback host), not '\(ServerText.safe(text))'")
        }
        return base
    }
}

/// What happened on one request of the flow, for an app's log: no code, state or token.
public enum AuthorizationRouteEvent: Sendable, Equatable {
    /// A user was sent to the provider.
    case started(service: ServiceKind, userId: String)
    /// An identity was stored for a user.
    case authorized(service: ServiceKind, userId: String, identityId: String)
    /// A request was refused with `status`; `reason` is the page's text.
    case refused(service: ServiceKind, status: Int, reason: String)
}
