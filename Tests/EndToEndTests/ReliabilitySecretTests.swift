import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Every command run with `--verbose` against the fakes keeps the client secret, the tokens, the
/// authorization code and the PKCE verifier out of its output; only `identity get/token` print a
/// token, and only on stdout. (File modes under umask 000 and the group-readable warning are
/// covered by IdentityTests and StorePermissionTests.)
@Suite struct ReliabilitySecretTests {
    @Test func verboseOutputOfEveryCommandHoldsNoSecret() async throws {
        let session = try OAuthSession()
        let oauth = session.oauth
        var settings = RESTServer.Settings()
        settings.bearerCheck = { token in oauth.isValidAccessToken(token) ? "PUSR001" : nil }
        let rest = try RESTServer(incidentCount: 5, settings: settings)
        defer { rest.shutdown() }
        let set = try await session.run(["service", "set", "pagerduty", "--apiUrl", rest.baseURL, "--verbose"])
        #expect(set.status == 0, "\(set.stderr)")
        var outputs: [(String, String)] = [("service set", set.stdout + set.stderr)]

        let authorize = try await session.run(["authorize", "pagerduty", "--user-id", "user-1", "--timeout", "120", "--verbose"],
                                              environment: session.browserEnvironment)
        #expect(authorize.status == 0, "\(authorize.stderr)")
        outputs.append(("authorize", authorize.stdout + authorize.stderr))

        // A refresh: an identity that expires within the refresh margin.
        _ = try session.seedIdentity(userId: "user-2", expiresIn: 30)
        let refresh = try await session.run(["identity", "token", "pagerduty", "--user-id", "user-2", "--verbose"])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(oauth.refreshRequests == 1)
        let printedToken = refresh.stdout.trimmingCharacters(in: .newlines)
        #expect(oauth.isValidAccessToken(printedToken))
        outputs.append(("identity token (stderr)", refresh.stderr))
        // stdout is the one token asked for and nothing else.
        #expect(refresh.stdout == printedToken + "\n")

        for (name, arguments) in [
            ("incidents list", ["incidents", "list", "--user-id", "user-1", "-o", "json", "--verbose"]),
            ("service get", ["service", "get", "pagerduty", "--verbose"]),
            ("service get json", ["service", "get", "pagerduty", "-o", "json", "--verbose"]),
            ("identity ls", ["identity", "ls", "--verbose"]),
            ("identity ls json", ["identity", "ls", "-o", "json", "--verbose"]),
        ] {
            let result = try await session.run(arguments)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            outputs.append((name, result.stdout + result.stderr))
        }
        #expect(rest.requestCount > 0, "incidents list never reached the fake API")

        // The fake saw the client secret, a code, a verifier, access and refresh tokens: the scan
        // below can only pass by their absence, not by an empty list.
        let secrets = oauth.secretsSeen.union(["s3cret-client"])
        #expect(secrets.count >= 6, "the fake recorded too few secrets to scan for: \(secrets.count)")
        var scannedBytes = 0
        for (name, text) in outputs {
            scannedBytes += text.utf8.count
            for secret in secrets where text.contains(secret) {
                Issue.record("\(name) printed a secret: \(secret.prefix(6))...")
            }
        }
        // A verbose run must have said something, or the scan proves nothing.
        #expect(authorize.stderr.split(separator: "\n").count > 3)
        print("secret scan: \(outputs.count) command outputs, \(scannedBytes) bytes, \(secrets.count) secrets, none found")
    }
}
