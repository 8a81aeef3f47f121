import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A browser for the fake's consent page: opens the authorization address, then follows the
/// page's approve (or deny) link as a user's click would, and keeps the page it ends on.
private struct ClickingBrowser {
    let directory: URL

    init(clicking choice: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-clicker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            base=$(printf '%s' "$1" | sed 's#^\\(http://[^/]*\\).*#\\1#')
            link=$(curl -sS --noproxy '*' --max-time 20 "$1" | sed -n 's/.*id="\(choice)" href="\\([^"]*\\)".*/\\1/p' | sed 's/&amp;/\\&/g')
            exec curl -sS -L --noproxy '*' --max-time 20 -o '\(directory.path)/page.html' "$base$link"
            """
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        chmod(scriptURL.path, 0o755)
    }

    var scriptURL: URL { directory.appendingPathComponent("browser.sh") }

    var page: String { (try? String(contentsOf: directory.appendingPathComponent("page.html"), encoding: .utf8)) ?? "" }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// The local trial the README describes, run once end to end: start `pagerduty-fake`, point
/// `service set` at it, `authorize` with a browser that clicks the consent page's links.
@Suite struct FakeExecutableTests {
    @Test func aLocalTrialAuthorizesAgainstTheFakeExecutable() async throws {
        let binary = CLI.binary.deletingLastPathComponent().appendingPathComponent("pagerduty-fake")
        let port = try FakeHTTPServer.freePort()
        let redirectPort = try FakeHTTPServer.freePort()
        let fake = try BackgroundProcess(
            binary.path, ["--port", String(port), "--redirect-port", String(redirectPort), "--incidents", "60"],
            environment: ProcessInfo.processInfo.environment)
        let cli = CLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        let approving = try ClickingBrowser(clicking: "approve")
        let denying = try ClickingBrowser(clicking: "deny")
        var failure: (any Error)?
        do {
            try await trial(fake, port: port, redirectPort: redirectPort, cli: cli, approving: approving, denying: denying)
        } catch {
            failure = error
        }
        kill(fake.pid, SIGKILL)
        _ = await fake.waitAsync(timeout: 10)
        cli.cleanUp()
        approving.cleanUp()
        denying.cleanUp()
        if let failure { throw failure }
    }

    private func trial(_ fake: BackgroundProcess, port: Int, redirectPort: Int, cli: CLI,
                       approving: ClickingBrowser, denying: ClickingBrowser) async throws {
        // 1. The fake says where it listens and which command configures everyauth.
        let base = "http://127.0.0.1:\(port)"
        let ready = await fake.waitForStderrAsync { $0.contains("--redirectPort \(redirectPort)") ? true : nil }
        try #require(ready == true, "the fake did not start: \(fake.stderr)")
        #expect(fake.stderr.contains("on \(base)"))

        // 2. service set with its URLs.
        let set = try await cli.runAsync([
            "service", "set", "pagerduty", "--clientId", "fake-client", "--authorizationUrl", base + "/oauth/authorize",
            "--tokenUrl", base + "/oauth/token", "--apiUrl", base, "--redirectPort", String(redirectPort),
        ])
        #expect(set.status == 0, "\(set.stderr)")

        // 3. authorize: the browser opens the consent page and clicks Approve.
        let authorize = try await cli.runAsync(
            ["authorize", "pagerduty", "--user-id", "trial", "--timeout", "30"], environment: ["BROWSER": approving.scriptURL.path])
        #expect(authorize.status == 0, "\(authorize.stderr)")
        #expect(authorize.stderr.contains("Authorized pagerduty for user 'trial'"))
        #expect(approving.page.contains("Thank you for authorizing access to PagerDuty!"))

        // The token it issued works on its REST API, whose incidents end now (the default month).
        let list = try await cli.runAsync(["incidents", "list", "--user-id", "trial", "-o", "ndjson", "--status", "all"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 25)

        // Deny on the same page: exit 4 with PagerDuty's reason, the identity unchanged.
        let denied = try await cli.runAsync(
            ["authorize", "pagerduty", "--user-id", "other", "--timeout", "30"], environment: ["BROWSER": denying.scriptURL.path])
        #expect(denied.status == 4, "\(denied.stderr)")
        #expect(denied.stderr.contains("The user denied access to the app"))
        let identities = (cli.storeJSON()?["identities"] as? [[String: Any]]) ?? []
        #expect(identities.compactMap { $0["userId"] as? String } == ["trial"])
        // authorize asked /users/me once and kept the user's email, the `From` of later writes.
        #expect(identities.first?["email"] as? String == "alice@example.com")
    }
}
