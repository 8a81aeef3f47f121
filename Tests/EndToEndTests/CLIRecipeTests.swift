import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// README's exit-code recipe, run as written with the built binary and a fake browser (SPEC §5):
/// exit 3 from `identity token` leads to `authorize`, and only then.
@Suite("README recipes")
struct CLIRecipeTests {
    /// The README line that authorizes on exit 3.
    static func recipe() throws -> String {
        let readme = try String(contentsOf: DocsArtifacts.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let line = readme.split(separator: "\n").first { $0.contains("|| { [ $? -eq 3 ] && everyauth authorize") }
        return String(try #require(line))
    }

    @Test("identity token || [ $? -eq 3 ] && authorize: authorizes a new user, leaves an authorized one alone")
    func authorizeOnExit3() async throws {
        let session = try OAuthSession()
        defer { session.browser.cleanUp() }
        let recipe = try Self.recipe()
        // The recipe as written; `everyauth` is the built binary, the browser the fake one.
        let script = """
            everyauth() { "$EVERYAUTH" "$@"; }
            export BROWSER='\(session.browser.scriptURL.path)'
            \(recipe)
            echo "recipe status $?"
            """
        let first = try await blocking { try session.cli.runScript(script) }
        #expect(first.stdout.contains("recipe status 0"), "\(first.stderr)")
        #expect(first.stderr.contains("Authorized pagerduty for user 'alice'"), "\(first.stderr)")
        #expect(session.oauth.authorizationCodeRequests == 1)
        #expect(session.identities().map { $0["userId"] as? String } == ["alice"])

        // Now the token works: the recipe must not start the flow again.
        let second = try await blocking { try session.cli.runScript(script) }
        #expect(second.stdout.contains("recipe status 0"), "\(second.stderr)")
        #expect(!second.stderr.contains("Authorized"))
        #expect(session.oauth.authorizationCodeRequests == 1)
    }

    @Test("the curl recipe's --header value is the whole Authorization header")
    func headerForCurl() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "-"], stdin: "u+recipe\n")
        #expect(add.status == 0)
        let header = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "alice", "--header"])
        #expect(header.status == 0 && header.stdout == "Token token=u+recipe\n")
        let never = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "nobody", "--header"])
        #expect(never.status == 3 && never.stderr.contains("everyauth authorize pagerduty --user-id nobody"))
    }
}
