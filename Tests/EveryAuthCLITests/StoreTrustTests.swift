@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import Testing

/// What a user sees about a PostgreSQL store's trust (SPEC §3 "Backends", issue 23 items 3 and 5):
/// an `sslmode` that does not verify a network host works only when asked for, with one warning
/// line naming the risk; the default refuses an unverified server, saying what to do; no message
/// shows the URL's password.
@Suite("store trust", .timeLimit(.minutes(2)))
struct StoreTrustTests {
    let secret = "pw-\(UUID().uuidString.prefix(8))"

    func warnings(_ outcome: Outcome) -> [Substring] {
        outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("everyauth: warning:") }
    }

    @Test func anOptedOutSSLModeOnANetworkHostWarnsOnceAndGoesAhead() async throws {
        let local = try LocalHostName.find()
        let server = try await FakePostgresServer(host: local.address, tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let url = "postgres://app:\(secret)@\(local.name):\(server.port)/tokens"
        let expected: [(arguments: [String], environment: [String: String], warning: String)] = [
            (["store", "info", "--store", url + "?sslmode=disable"], [:],
             "everyauth: warning: sslmode=disable on \(local.name): the connection is not encrypted"),
            (["store", "info", "--store", url + "?sslmode=prefer"], [:],
             "everyauth: warning: sslmode=prefer on \(local.name): "),
            (["store", "info", "-v"], ["EVERYAUTH_STORE_URL": url, "PGSSLMODE": "allow"],
             "everyauth: warning: PGSSLMODE=allow on \(local.name): "),
        ]
        for (index, run) in expected.enumerated() {
            let outcome = await cli.run(run.arguments, environment: run.environment)
            #expect(outcome.status == 1, "\(outcome.stderr)")
            let lines = warnings(outcome)
            #expect(lines.count == 1 && lines.first?.hasPrefix(run.warning) == true, "\(outcome.stderr)")
            // It went ahead: the password reached the server, and the error is the server's answer to a query.
            #expect(outcome.stderr.contains(FakePostgresServer.queryRefusal), "\(outcome.stderr)")
            #expect(server.passwords.count == index + 1)
            #expect(!outcome.stderr.contains(secret) && !outcome.stdout.contains(secret))
        }
    }

    @Test func theDefaultOnANetworkHostRefusesAnUnverifiedServerWithoutAWarning() async throws {
        let local = try LocalHostName.find()
        let server = try await FakePostgresServer(host: local.address, tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let outcome = await cli.run(["store", "info", "--store", "postgres://app:\(secret)@\(local.name):\(server.port)/tokens"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("everyauth: error: refusing to use postgres://app@\(local.name):\(server.port)/tokens"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(server.passwords.isEmpty)
        #expect(!outcome.stderr.contains(secret))
    }

    @Test func loopbackHostsAndVerifiedModesDrawNoWarning() async throws {
        let server = try await FakePostgresServer(tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for mode in ["disable", "prefer", "require"] {
            let outcome = await cli.run(["store", "info", "--store", "postgres://app:\(secret)@127.0.0.1:\(server.port)/tokens?sslmode=\(mode)"])
            #expect(warnings(outcome).isEmpty, "\(outcome.stderr)")
        }
        // A network host with its default (verify-full); port 1 refuses the connection at once.
        let local = try LocalHostName.find()
        let verified = await cli.run(["store", "info", "--store", "postgres://app@\(local.name):1/tokens"])
        #expect(verified.status == 1)
        #expect(warnings(verified).isEmpty, "\(verified.stderr)")
    }

    @Test func migratingToAnOptedOutStoreWarnsAboutIt() async throws {
        let local = try LocalHostName.find()
        let server = try await FakePostgresServer(host: local.address, tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let outcome = await cli.run(["store", "migrate", "--to", "postgres://app:\(secret)@\(local.name):\(server.port)/tokens?sslmode=disable"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(warnings(outcome).count == 1 && warnings(outcome).first?.contains("sslmode=disable on \(local.name)") == true, "\(outcome.stderr)")
        #expect(server.passwords == [secret])
    }

    @Test func aPasswordWithASlashIsNeverShownEvenWithVerbose() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for arguments in [["store", "info", "-v", "--store", "postgres://app:hunter2/ZQX9@db.example.com/x"],
                          ["store", "migrate", "-v", "--to", "postgres://app:hunter2?ZQX9@db.example.com/x"]] {
            let outcome = await cli.run(arguments)
            #expect(outcome.status == 64, "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("hunter2") && !outcome.stderr.contains("ZQX9"), "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("hunter2") && !outcome.stdout.contains("ZQX9"), "\(outcome.stdout)")
        }
    }
}
