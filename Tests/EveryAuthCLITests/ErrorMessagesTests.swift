@testable import EveryAuthCLI
import EveryAuthCore
import Foundation
import Testing

/// The command line's words for the core's errors: the core's facts, then the flag or command
/// that fixes them (`ErrorMessages`, the one place remedies are written).
@Suite struct ErrorMessagesTests {
    @Test func remediesNameTheCommandToRun() {
        let cases: [(any Error, [String])] = [
            (LookupError.serviceNotConfigured("pagerduty"), ["'pagerduty' is not configured", "everyauth service set pagerduty --clientId ID"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: "bob", id: nil), ["user 'bob'", "everyauth authorize pagerduty --user-id bob"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1"), ["'idn-1'", "everyauth identity ls"]),
            (OAuthError.refreshRejected(service: "pagerduty", userId: "bob", description: "gone"), ["(gone)", "run 'everyauth authorize pagerduty --user-id bob' again"]),
            (OAuthError.identityNeeded(service: "pagerduty", userId: "al"), ["everyauth authorize pagerduty --user-id al", "--token", "PAGERDUTY_TOKEN"]),
            (OAuthError.timedOut(seconds: 5), ["within 5 s", "--timeout"]),
            (OAuthError.portInUse(port: 8123), ["--port", "--redirectPort"]),
            (ServiceSettingMissing(service: "pagerduty", setting: .clientSecret), ["no client secret", "everyauth service set pagerduty --clientSecret -"]),
            (RevocationError.refused(status: 400, error: nil, description: nil), ["HTTP 400", "nothing was removed", "--force"]),
            (RequesterMissing(), ["--from EMAIL", "PAGERDUTY_FROM"]),
            (UnsafeEndpoint(url: "http://x/t", problem: "must use https", setting: .tokenUrl), ["'http://x/t'", "it must use https", "--tokenUrl URL"]),
            (PagerDutyError.unauthorized(message: "bad"), ["HTTP 401", "everyauth authorize pagerduty"]),
            (SelectionError.ambiguous(service: "pagerduty", tags: ["team": "web"], ids: ["a", "b"]), ["team=web", "--id"]),
        ]
        for (error, fragments) in cases {
            let text = ErrorMessages.text(for: error)
            #expect(!text.contains("\n"), "\(text)")
            for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
        }
    }

    @Test func invalidInputsNameTheirFlagOrVariable() {
        let cases: [(InvalidInput, String)] = [
            (InvalidInput(.sort, "x"), "--sort-by: x"),
            (InvalidInput(.setting(.redirectPort), "x"), "--redirectPort: x"),
            (InvalidInput(.token(from: .environment("PAGERDUTY_TOKEN")), "x"), "PAGERDUTY_TOKEN: x"),
            (InvalidInput(.requester(from: .given), "x"), "--from: x"),
            (InvalidInput(.ids(.assignee), "x"), "--assignee: x"),
            (InvalidInput(.selection(.userIdAndIdentityID), "x"), "--user-id and --id both name an identity; give only one of them"),
            (InvalidInput(.window(.allTimeWithBounds), "x"), "--all-time cannot be combined with --since or --until"),
        ]
        for (error, expected) in cases { #expect(ErrorMessages.text(for: error) == expected) }
        // Every input has a name on the command line.
        #expect(!ErrorMessages.flag(for: .environment("EVERYAUTH_HTTP_TIMEOUT")).isEmpty)
    }

    /// A value checked for one flag is refused naming that flag, whatever the core's input.
    @Test func aValueGivenWithAFlagIsRefusedNamingIt() {
        #expect(throws: UsageError("--port: 70000 is not a port number; it must be at most 65535")) {
            try ErrorMessages.given("--port") { try EndpointURL.validatePort(70000, as: .setting(.redirectPort)) }
        }
    }
}
