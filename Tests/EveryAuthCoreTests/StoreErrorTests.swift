import Foundation
import Testing
@testable import EveryAuthCore

/// The errors of the store and of lookups: one line, naming what to do, with SPEC §5 exit codes.
@Suite struct StoreErrorTests {
    @Test func exitCodesFollowTheSpec() {
        #expect(ExitStatus.for(UsageError("x")) == .usage)
        #expect(ExitStatus.usage.rawValue == 64)
        #expect(ExitStatus.for(LookupError.unknownService("x")) == .usage)
        #expect(ExitStatus.for(LookupError.serviceNotConfigured("pagerduty")) == .notFound)
        // No identity for a user id: authorizing is the remedy (3); by id it is not (2).
        #expect(ExitStatus.for(LookupError.identityNotFound(service: "pagerduty", userId: "u", id: nil)) == .authorizationNeeded)
        #expect(ExitStatus.for(LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1")) == .notFound)
        #expect(ExitStatus.notFound.rawValue == 2)
        #expect(ExitStatus.for(StoreError.corrupt(path: "/p", reason: "r")) == .failure)
        #expect(ExitStatus.for(StoreError.unsupportedVersion(path: "/p", version: 9)) == .failure)
        #expect(ExitStatus.for(StoreError.lockTimeout(path: "/p", seconds: 15)) == .failure)
        #expect(ExitStatus.failure.rawValue == 1)
        #expect(ExitStatus.for(CocoaError(.fileNoSuchFile)) == .failure)
    }

    @Test func messagesAreOneLineAndSayWhatToDo() {
        let cases: [(any LocalizedError, [String])] = [
            (StoreError.corrupt(path: "/c/everyauth.json", reason: "not valid JSON"), ["/c/everyauth.json", "not valid JSON", "left untouched"]),
            (StoreError.unsupportedVersion(path: "/c/everyauth.json", version: 3), ["/c/everyauth.json", "version 3", "upgrade everyauth"]),
            (StoreError.lockTimeout(path: "/c/everyauth.lock", seconds: 0.5), ["/c/everyauth.lock", "0.5 s", "try again"]),
            (StoreError.io(path: "/c", operation: "create directory", reason: "Permission denied"), ["cannot create directory /c: Permission denied"]),
            (LookupError.unknownService("jira"), ["'jira'", "supported services: pagerduty"]),
            (LookupError.serviceNotConfigured("pagerduty"), ["everyauth service set pagerduty"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: "bob", id: nil), ["user 'bob'", "everyauth authorize pagerduty --user-id bob"]),
            (LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1"), ["'idn-1'", "everyauth identity ls"]),
        ]
        for (error, fragments) in cases {
            let text = error.errorDescription ?? ""
            #expect(!text.contains("\n"))
            for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
        }
    }

    @Test func unknownServiceNamesFailListingTheAcceptedOnes() throws {
        #expect(try ServiceKind.named("PagerDuty") == .pagerduty)
        #expect(throws: LookupError.unknownService("opsgenie")) { try ServiceKind.named("opsgenie") }
    }
}
