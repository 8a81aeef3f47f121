@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// One exit rule (SPEC §5): 3 whenever the remedy is `everyauth authorize`, 2 when authorizing cannot help.
@Suite struct ExitCodeTests {
    /// `ExitStatus.for`, the one mapping, over the core's error types (it lives in the CLI: the
    /// core's errors carry facts, the command line decides what they mean to a script).
    @Test func everyCoreErrorMapsToItsSpecCode() {
        let cases: [(any Error, EveryAuthCLI.ExitStatus)] = [
            (UsageError("x"), .usage),
            (LookupError.unknownService("x"), .usage),
            (LookupError.serviceNotConfigured("pagerduty"), .notFound),
            // No identity for a user id: authorizing is the remedy (3); by id it is not (2).
            (LookupError.identityNotFound(service: "pagerduty", userId: "u", id: nil), .authorizationNeeded),
            (LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1"), .notFound),
            (StoreError.corrupt(path: "/p", reason: "r"), .failure),
            (StoreError.unsupportedVersion(path: "/p", version: 9), .failure),
            (StoreError.lockTimeout(path: "/p", seconds: 15), .failure),
            // A program built without the PostgreSQL backend: the program's to fix, not the user's.
            (StoreError.backendMissing(backend: .postgres, location: "postgres://ea@db/auth"), .failure),
            (StoreError.keyMissing(keyID: "k1", record: "the accessToken of identity idn-1", location: "/tmp/x"), .failure),
            (StoreError.undecryptable(keyID: "k1", record: "the accessToken of identity idn-1", location: "/tmp/x"), .failure),
            (StoreError.noKey(location: "/tmp/x"), .usage),
            (CocoaError(.fileNoSuchFile), .failure),
            (UnsafeEndpoint(url: "http://0.0.0.0/t", problem: "must use https", setting: .tokenUrl), .usage),
            (PagerDutyError.malformedResponse(reason: "x"), .remoteFailure),
            (OAuthError.malformedTokenResponse(reason: "x"), .remoteFailure),
            (OAuthError.refreshRejected(service: "pagerduty", userId: "u", description: nil), .authorizationNeeded),
            (OAuthError.cancelled, .authorizationFailed),
            (TransferError.timedOut(method: "GET", url: "https://x", seconds: 1), .remoteFailure),
        ]
        for (error, status) in cases {
            #expect(ExitStatus.for(error) == status, "\(error)")
        }
        #expect([EveryAuthCLI.ExitStatus.success, .failure, .notFound, .authorizationNeeded, .authorizationFailed, .remoteFailure, .usage].map(\.rawValue)
                == [0, 1, 2, 3, 4, 5, 64])
    }

    @Test(arguments: ["get", "token"])
    func aUserWhoNeverAuthorizedGets3AndTheCommandToRun(_ command: String) async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let result = await cli.run(["identity", command, "pagerduty", "--user-id", "nobody"])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id nobody"))
        // The default user id (the login name here) is treated alike.
        #expect(await cli.run(["identity", command, "pagerduty"]).status == 3)
    }

    @Test func anUnknownIdentityIDIs2WithoutSuggestingAuthorize() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let result = await cli.run(["identity", "get", "pagerduty", "--id", "idn-00"])
        #expect(result.status == 2 && result.stderr.contains("idn-00") && !result.stderr.contains("authorize"))
    }

    @Test func anUnknownServiceNameIsAUsageError() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for command in [["identity", "token", "jira"], ["authorize", "jira"], ["service", "get", "jira"], ["identity", "ls", "jira"]] {
            let result = await cli.run(command)
            #expect(result.status == 64, "\(command)")
            #expect(result.stderr == "everyauth: error: unknown service 'jira'; supported services: pagerduty\n")
        }
    }

    @Test func theSummariesSayWhen3Applies() {
        #expect(ExitStatus.authorizationNeeded.summary.contains("everyauth authorize"))
        #expect(ExitStatus.for(LookupError.identityNotFound(service: "pagerduty", userId: "u", id: nil)) == .authorizationNeeded)
        #expect(ExitStatus.for(LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-1")) == .notFound)
        #expect(ExitStatus.for(IdentityAbsent(IdentitySelector(service: .pagerduty, userId: "u"))) == .notFound)
    }
}
