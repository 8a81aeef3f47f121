import Foundation
import Testing
@testable import EveryAuthCore

/// The errors of the store and of lookups: one line, with the facts (their exit codes are the
/// CLI's: ExitCodeTests).
@Suite struct StoreErrorTests {
    /// The core says what happened, with the facts, on one line, and names no command or flag:
    /// the CLI adds those (`ErrorMessages`, tested in EveryAuthCLITests).
    @Test func messagesAreOneLineWithTheFactsAndNoCommand() {
        let cases: [(any LocalizedError, [String])] = [
            (StoreError.corrupt(path: "/c/everyauth.json", reason: "not valid JSON"), ["/c/everyauth.json", "not valid JSON", "left untouched"]),
            (StoreError.unsupportedVersion(path: "/c/everyauth.json", version: 3), ["/c/everyauth.json", "version 3", "upgrade everyauth"]),
            (StoreError.lockTimeout(path: "/c/everyauth.lock", seconds: 0.5), ["/c/everyauth.lock", "0.5 s", "try again"]),
            (StoreError.io(path: "/c", operation: "create directory", reason: "Permission denied"), ["cannot create directory /c: Permission denied"]),
            (LookupError.unknownService("jira"), ["'jira'", "supported services: pagerduty"]),
            (LookupError.serviceNotConfigured("pagerduty"), ["'pagerduty' is not configured"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: "bob", id: nil), ["user 'bob'"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1"), ["'idn-1'"]),
            (OAuthError.refreshRejected(service: "pagerduty", userId: "bob", description: nil), ["user 'bob'", "authorize again"]),
            (OAuthError.portInUse(port: 8123), ["127.0.0.1:8123", "in use"]),
            (ServiceSettingMissing(service: "pagerduty", setting: .clientId), ["no client id", "pagerduty"]),
            (RevocationError.refused(status: 400, error: "invalid_client", description: nil), ["HTTP 400", "invalid_client"]),
        ]
        for (error, fragments) in cases {
            let text = error.errorDescription ?? ""
            #expect(!text.contains("\n"))
            #expect(!text.contains("'everyauth ") && !text.contains(" --"), "the core named a command or flag: \(text)")
            for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
        }
    }

    @Test func unknownServiceNamesFailListingTheAcceptedOnes() throws {
        #expect(try ServiceKind.named("PagerDuty") == .pagerduty)
        #expect(throws: LookupError.unknownService("opsgenie")) { try ServiceKind.named("opsgenie") }
    }
}
