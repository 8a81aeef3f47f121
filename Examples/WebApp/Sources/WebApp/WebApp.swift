import EveryAuthCore
import EveryAuthPostgres
import EveryAuthWeb
import Foundation
import Hummingbird

/// An app with its own users that lets each of them connect PagerDuty at /connect/pagerduty and
/// then shows their PagerDuty email at /me. Here the user is a demo header (`X-Demo-User`); a real
/// app asks its session store. Run: `EVERYAUTH_CONFIG_DIR=... swift run WebApp` (or
/// `EVERYAUTH_STORE_URL=postgres://...`) after `everyauth service set pagerduty ...`, with
/// http://127.0.0.1:8080/connect/pagerduty/callback registered as the app's redirect URL.
/// SIGTERM or SIGINT stops the server, then closes the store's connections.
@main
struct WebApp {
    static func main() async throws {
        // The same store, environment and refresh rules as the CLI; `.all` honours a postgres:// store.
        let everyauth = try EveryAuth(backends: .all)
        let store: any Store = everyauth.store
        let publicURL = ProcessInfo.processInfo.environment["PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        let port = ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) ?? 8080

        let router = Router()
        try AuthorizationRoutes<BasicRequestContext>(
            service: .pagerduty, mountPath: "/connect/pagerduty",
            configuration: .init(
                store: store, http: HTTPClient(), publicBaseURL: publicURL, finishedURL: publicURL + "/me",
                tags: { _, _ in ["source": "webapp"] },
                mapToUserId: { request, _ in demoUser(request) })
        ).addRoutes(to: router)

        // Later, anywhere in the app: the user's identity, refreshed when it nears expiry.
        router.get("me") { request, _ -> String in
            guard let user = demoUser(request) else { return "sign in first\n" }
            let client = try await everyauth.pagerDuty(userId: user)
            let me = try await client.get("/users/me")
            return "connected as \(me["user"]?["email"]?.stringValue ?? "?")\n"
        }
        var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        // A PostgreSQL store is a Service: the app's ServiceGroup stops the server first, then the
        // store, which closes its connections (the JSON file holds none).
        if let storeService = everyauth.storeService { app.addServices(storeService) }
        try await app.runService()
    }

    /// The signed-in user of this demo: the `X-Demo-User` header.
    static func demoUser(_ request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == "x-demo-user" }?.value
    }
}
