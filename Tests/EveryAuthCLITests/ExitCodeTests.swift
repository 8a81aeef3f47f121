@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// One exit rule (SPEC §5): 3 whenever the remedy is `everyauth authorize`, 2 when authorizing cannot help.
@Suite struct ExitCodeTests {
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
