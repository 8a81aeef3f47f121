@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// The store opens when a command first uses it (issue 24 item 1): a command that never does
/// neither reads `$EVERYAUTH_STORE_URL` nor builds a TLS context nor connects, whatever it names.
@Suite struct StoreOnFirstUseTests {
    /// Nothing listens on port 1 of loopback: a connection there is refused at once.
    let unreachable = "postgres://app:pw-ZQX9@127.0.0.1:1/tokens"
    /// Opening this store builds the TLS context, which fails on the missing CA file; connecting is never reached.
    let unreadableCA = "postgres://app@db.example.com/tokens?sslmode=verify-full&sslrootcert=/nonexistent/everyauth-ca.pem"
    /// A store address that does not parse at all.
    let malformed = "postgres://app@db.example.com:99999/tokens"

    @Test func versionNeitherParsesNorOpensTheStore() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for url in [unreachable, unreadableCA, malformed] {
            let version = await cli.run(["version"], environment: ["EVERYAUTH_STORE_URL": url])
            #expect(version.status == 0, "\(url): \(version.stderr)")
            #expect(version.stdout == "everyauth \(EveryAuthVersion.current)\n", "\(url)")
            #expect(version.stderr.isEmpty, "\(url): \(version.stderr)")
            let flag = await cli.run(["version", "--store", url])
            #expect(flag.status == 0 && flag.stdout == version.stdout && flag.stderr.isEmpty, "\(url): \(flag.stderr)")
            let help = await cli.run(["store", "info", "--help"], environment: ["EVERYAUTH_STORE_URL": url])
            #expect(help.status == 0 && help.stdout.contains("--store") && help.stderr.isEmpty, "\(url): \(help.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.configDir.appendingPathComponent("everyauth.json").path))
    }

    @Test func aCommandThatUsesTheStoreOpensItAndFailsAsBefore() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let refused = await cli.run(["store", "info"], environment: ["EVERYAUTH_STORE_URL": unreachable])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("everyauth: error: cannot connect to the PostgreSQL store postgres://app@127.0.0.1:1/tokens: "),
                "\(refused.stderr)")
        #expect(refused.stderr.lowercased().contains("refused"), "\(refused.stderr)")
        let noCA = await cli.run(["identity", "ls"], environment: ["EVERYAUTH_STORE_URL": unreadableCA])
        #expect(noCA.status == 64 && noCA.stderr.contains("cannot read the CA certificates"), "\(noCA.stderr)")
        let bad = await cli.run(["identity", "ls"], environment: ["EVERYAUTH_STORE_URL": malformed])
        #expect(bad.status == 64 && bad.stderr.contains("port"), "\(bad.stderr)")
        for outcome in [refused, noCA, bad] {
            #expect(!outcome.stderr.contains("pw-ZQX9"), "\(outcome.stderr)")
            #expect(outcome.stderr.components(separatedBy: "everyauth: error:").count == 2, "one error line: \(outcome.stderr)")
        }
    }
}
