import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// A temp config dir whose pagerduty service points at a fake authorization server. The fake
/// accepts only the redirect URI registered for the app, as PagerDuty does, so the session picks
/// a free port, registers it and sets it as the service's `redirectPort`.
final class OAuthSession: Sendable {
    let oauth: OAuthServer
    let redirectPort: Int
    let server: FakeHTTPServer
    let cli = CLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
    let browser: FakeBrowser

    init() throws {
        redirectPort = try FakeHTTPServer.freePort()
        oauth = OAuthServer(clients: [
            .init(id: "client-1", secret: "s3cret-client", redirectURIs: ["http://127.0.0.1:\(redirectPort)/callback"]),
        ])
        server = try oauth.serve()
        browser = try FakeBrowser()
        // Written straight into the store (ServiceTests covers `service set`): no process to wait for.
        let settings = ServiceSettings(clientId: "client-1", clientSecret: "s3cret-client",
                                       authorizationUrl: server.baseURL + "/oauth/authorize", tokenUrl: server.baseURL + "/oauth/token",
                                       apiUrl: server.baseURL, redirectPort: redirectPort)
        try FileStore(directory: cli.configDir).update { $0.services["pagerduty"] = settings }
    }

    /// `authorize` started without a browser and waiting on its listener: the child, the listener's
    /// port, and the callback address the fake sends an approving browser to.
    func startWaiting() async throws -> (child: BackgroundProcess, port: Int, callback: String) {
        let child = try cli.start(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "120"])
        let url = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        let redirect = try #require(URLComponents(string: url)?.queryItems?.first { $0.name == "redirect_uri" }?.value)
        let port = try #require(URLComponents(string: redirect)?.port)
        return (child, port, try #require(oauth.approve(url)))
    }

    /// Runs `everyauth ARGS`, suspending until it ends.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIResult {
        try await cli.runAsync(arguments, environment: environment)
    }

    /// `$BROWSER` pointing at the curl script.
    var browserEnvironment: [String: String] { ["BROWSER": browser.scriptURL.path] }

    /// The stored identities.
    func identities() -> [[String: Any]] {
        (cli.storeJSON()?["identities"] as? [[String: Any]]) ?? []
    }

    /// Fails the test when any secret the fake saw appears in `text`.
    func expectNoSecrets(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in oauth.secretsSeen + ["s3cret-client"] {
            #expect(!text.contains(secret), "a secret leaked: \(secret.prefix(6))...", sourceLocation: sourceLocation)
        }
    }

    deinit {
        server.shutdown()
        cli.cleanUp()
        browser.cleanUp()
    }
}

@Suite("everyauth authorize")
struct AuthorizeTests {
    @Test("the full flow with a browser stores the identity, and identity get prints it")
    func fullFlow() async throws {
        let session = try OAuthSession()
        let result = try await session.run(
            ["authorize", "pagerduty", "--user-id", "user-123", "--tag", "team=web", "-o", "json", "--timeout", "120"],
            environment: session.browserEnvironment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("http://127.0.0.1:"))
        #expect(result.stderr.contains("Authorized pagerduty for user 'user-123'"))
        #expect(session.browser.page.contains("Thank you for authorizing access to PagerDuty!"))
        #expect(session.oauth.authorizationCodeRequests == 1)

        let printed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(printed.keys) == ["id", "service", "userId", "kind", "tags", "scope", "expiresAt", "status", "createdAt", "updatedAt", "check"])
        #expect(printed["userId"] as? String == "user-123")
        #expect(printed["kind"] as? String == "oauth")
        #expect(printed["status"] as? String == "authorized")
        session.expectNoSecrets(in: result.stdout + result.stderr)

        let identities = session.identities()
        try #require(identities.count == 1)
        let stored = identities[0]
        #expect((stored["id"] as? String)?.hasPrefix("idn-") == true)
        #expect(stored["tags"] as? [String: String] == ["team": "web"])
        let credential = try #require(stored["credential"] as? [String: Any])
        let accessToken = try #require(credential["accessToken"] as? String)
        #expect(session.oauth.isValidAccessToken(accessToken))
        #expect((credential["refresh_token"] as? String)?.isEmpty == false)
        let native = try #require(credential["native"] as? [String: Any])
        #expect(native["token_type"] as? String == "bearer")
        #expect(native["timestamp"] is NSNumber && native["expires_at"] is NSNumber)
        #expect(native["refresh_token"] == nil)

        let get = try await session.run(["identity", "get", "pagerduty", "--user-id", "user-123"])
        #expect(get.status == 0, "\(get.stderr)")
        let printedCredential = try #require(try JSONSerialization.jsonObject(with: Data(get.stdout.utf8)) as? [String: Any])
        #expect(printedCredential["accessToken"] as? String == accessToken)
        #expect(!get.stdout.contains(credential["refresh_token"] as? String ?? "-"))

        // Authorizing again keeps the id and the tags, replaces the credential.
        let again = try await session.run(["authorize", "pagerduty", "--user-id", "user-123", "--tag", "env=prod", "--timeout", "120"],
                                        environment: session.browserEnvironment)
        #expect(again.status == 0, "\(again.stderr)")
        let replaced = session.identities()
        try #require(replaced.count == 1)
        #expect(replaced[0]["id"] as? String == stored["id"] as? String)
        #expect(replaced[0]["tags"] as? [String: String] == ["team": "web", "env": "prod"])
        #expect((replaced[0]["credential"] as? [String: Any])?["accessToken"] as? String != accessToken)
    }

    @Test("--finished-url sends the browser there after success")
    func finishedURL() async throws {
        let session = try OAuthSession()
        let finished = session.server.baseURL + "/finished"
        let result = try await session.run(["authorize", "pagerduty", "--user-id", "u", "--finished-url", finished, "--timeout", "120"],
                                         environment: session.browserEnvironment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.browser.finalURL == finished)
    }

    @Test("--no-browser: the user completes the address; other paths, a wrong state or host do not end the wait")
    func noBrowser() async throws {
        let session = try OAuthSession()
        let child = try session.cli.start(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "120", "--verbose"],
                                          environment: session.browserEnvironment)
        let url = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        let query = Dictionary(URLComponents(string: url)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { a, _ in a })
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["response_type"] == "code")
        #expect(query["state"]?.count == 43)
        let redirect = try #require(query["redirect_uri"])
        #expect(redirect == "http://127.0.0.1:\(session.redirectPort)/callback")
        let base = String(redirect.dropLast("/callback".count))

        #expect(try await FakeBrowser.fetch(base + "/favicon.ico").status == 404)
        #expect(try await FakeBrowser.fetch(redirect + "?code=forged&state=wrong").status == 400)
        #expect(try await FakeBrowser.fetch(redirect + "?code=forged").status == 400)
        // The authorization server's answer, replayed with a foreign Host header (DNS rebinding).
        let answer = try await FakeBrowser.fetch(url, follow: false).location
        #expect(answer.hasPrefix(redirect + "?code="))
        #expect(try await FakeBrowser.fetch(answer, headers: ["Host: attacker.example"]).status == 400)
        #expect(child.isRunning)
        #expect(session.oauth.authorizationCodeRequests == 0)

        #expect(try await FakeBrowser.fetch(answer).status == 200)
        let result = await child.waitAsync(timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.identities().count == 1)
        // The listener is closed once the flow has ended.
        #expect(try await FakeBrowser.fetch(base + "/callback").status == 0)
        session.expectNoSecrets(in: result.stderr + result.stdout)
    }

    @Test("a callback address pasted on stdin completes the flow; a wrong one is refused and the wait goes on")
    func pastedCallback() async throws {
        let session = try OAuthSession()
        let child = try session.cli.start(["authorize", "pagerduty", "--user-id", "ssh-user", "--no-browser", "--timeout", "120"])
        let url = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        let answer = try await FakeBrowser.fetch(url, follow: false).location
        child.writeLine("http://127.0.0.1:1/callback?code=x&state=y")
        let refused = await child.waitForStderrAsync { $0.contains("not the callback of this flow") ? true : nil }
        #expect(refused == true)
        #expect(child.isRunning)
        child.writeLine(answer)
        let result = await child.waitAsync(timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.identities().first?["userId"] as? String == "ssh-user")
        #expect(!result.stderr.contains("paste here"), "the prompt is for terminals only")
    }

    @Test("denied in the browser: exit 4 with the server's message")
    func denied() async throws {
        let session = try OAuthSession()
        session.oauth.denies = true
        let result = try await session.run(["authorize", "pagerduty", "--user-id", "u", "--timeout", "120"], environment: session.browserEnvironment)
        #expect(result.status == 4)
        #expect(result.stderr.contains("The user denied access to the app"))
        #expect(session.browser.page.contains("The user denied access to the app"))
        #expect(session.identities().isEmpty)
    }

    @Test("nobody answers: exit 4 after --timeout")
    func timeout() async throws {
        let session = try OAuthSession()
        let result = try await session.run(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "1"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("no authorization arrived within 1 s"))
    }

    @Test("Ctrl-C ends the wait as cancelled: exit 4")
    func interrupted() async throws {
        let session = try OAuthSession()
        let child = try session.cli.start(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "120"])
        _ = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        child.interrupt()
        let result = await child.waitAsync(timeout: 120)
        #expect(result.status == 4)
        #expect(result.stderr.contains("authorization cancelled"))
    }

    @Test("the port in use is a clear error naming it; a missing service set names the command")
    func portInUse() async throws {
        let session = try OAuthSession()
        let busy = try FakeHTTPServer { _ in FakeResponse(status: 200) }
        defer { busy.shutdown() }
        let result = try await session.run(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--port", String(busy.port)])
        #expect(result.status == 4)
        #expect(result.stderr.contains("127.0.0.1:\(busy.port)"))
        #expect(result.stderr.contains("in use"))

        let fresh = CLI()
        defer { fresh.cleanUp() }
        let unconfigured = try await fresh.runAsync(["authorize", "pagerduty", "--user-id", "u", "--no-browser"])
        #expect(unconfigured.status == 2)
        #expect(unconfigured.stderr.contains("everyauth service set pagerduty --clientId ID"))
    }
}
