import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import Testing
@testable import EveryAuthCore
@testable import EveryAuthPostgres

/// Which PostgreSQL server may see the password (SPEC §3 "Backends", issue 23 item 3), against a
/// fake server that records what it receives: on a host other than loopback the default `sslmode`
/// is `verify-full`; a server that is not verified never gets the password unless the URL opted
/// out; on loopback, a password goes only through SCRAM (which never reveals it) unless the server
/// was verified or the URL opted out.
@Suite("PostgreSQL trust", .enabled(if: TestCertificates.openssl != nil, "needs the openssl command"), .timeLimit(.minutes(2)))
struct PostgresTrustTests {
    let secret = "pw-\(UUID().uuidString.prefix(8))"

    /// Asks the store at `url` for its `info`: its first connection. The fake answers no query, so
    /// every attempt ends in an error, whose text this returns.
    func firstConnection(_ url: String, environment: [String: String] = [:]) async throws -> String {
        let store = try PostgresStore(url: url, environment: environment, lockTimeout: 5)
        do {
            _ = try await store.info()
            await store.shutdown()
            Issue.record("the fake server answers no query, yet info() succeeded")
            return ""
        } catch {
            await store.shutdown()
            let message = error.localizedDescription
            #expect(!message.contains(secret), "\(message)")
            #expect(!message.contains("\n"), "\(message)")
            return message
        }
    }

    /// The events of `server` seen so far, without the `connected` and `terminate` ones.
    func events(_ server: FakePostgresServer) -> [FakePostgresServer.Event] {
        server.events.all.filter { $0 != .connected && $0 != .terminate }
    }

    @Test func theDefaultSSLModeIsJudgedByTheHostAsWritten() throws {
        for host in ["localhost", "127.0.0.1", "127.0.0.2", "[::1]", "LOCALHOST"] {
            #expect(try PostgresAddress(url: "postgres://u@\(host)/d", environment: [:]).sslMode == .prefer, "\(host)")
        }
        // A name is a network host whatever it resolves to: a DNS answer can be forged.
        for host in ["db.example.com", "10.0.0.5", "[2001:db8::1]", "localhost.example.com", "vm", "127.1"] {
            #expect(try PostgresAddress(url: "postgres://u@\(host)/d", environment: [:]).sslMode == .verifyFull, "\(host)")
        }
        #expect(try PostgresAddress(url: "postgres://u@/d", environment: ["PGHOST": "db.example.com"]).sslMode == .verifyFull)
        #expect(try PostgresAddress(url: "postgres://u@db.example.com/d?sslmode=require", environment: [:]).sslMode == .require)
        #expect(try PostgresAddress(url: "postgres://u@db.example.com/d", environment: ["PGSSLMODE": "disable"]).sslMode == .disable)
    }

    @Test func aChosenSSLModeThatVerifiesNothingIsARiskOnANetworkHostOnly() throws {
        func risk(_ url: String, _ environment: [String: String] = [:]) throws -> PostgresAddress.Risk? {
            try PostgresAddress(url: url, environment: environment).risk
        }
        #expect(try risk("postgres://u@db.example.com/d") == nil)
        #expect(try risk("postgres://u@db.example.com/d?sslmode=verify-ca&sslrootcert=/etc/ca.pem") == nil)
        #expect(try risk("postgres://u@db.example.com/d?sslmode=disable")?.kind == .unencrypted)
        #expect(try risk("postgres://u@db.example.com/d?sslmode=allow")?.kind == .unencrypted)
        #expect(try risk("postgres://u@db.example.com/d?sslmode=prefer")?.kind == .unverifiedIfOffered)
        #expect(try risk("postgres://u@db.example.com/d", ["PGSSLMODE": "require"])
            == PostgresAddress.Risk(host: "db.example.com", setting: "PGSSLMODE=require", kind: .unverified))
        // verify-ca against the system's CAs accepts a public certificate for any name.
        #expect(try risk("postgres://u@db.example.com/d?sslmode=verify-ca")?.kind == .anyNameFromSystemCAs)
        for url in ["postgres://u@127.0.0.1/d?sslmode=disable", "postgres://u@localhost/d?sslmode=require", "postgres://u@[::1]/d?sslmode=prefer"] {
            #expect(try risk(url) == nil, "\(url)")
        }
        let line = try #require(try risk("postgres://u@db.example.com/d?sslmode=require")).description
        #expect(line.hasPrefix("sslmode=require on db.example.com: the server's certificate is not verified"), "\(line)")
        #expect(!line.contains("\n"))
    }

    @Test func aNetworkHostGetsNoPasswordFromAServerThatDeclinesTLS() async throws {
        let local = try LocalHostName.find()
        let server = try await FakePostgresServer(host: local.address, tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let message = try await firstConnection("postgres://app:\(secret)@\(local.name):\(server.port)/tokens")
        #expect(server.passwords.isEmpty)
        // Refused at the SSLRequest's answer: not even the user name went out.
        #expect(events(server) == [.sslRequest], "\(events(server))")
        #expect(message.contains("refusing") && message.contains("\(local.name):\(server.port)") && message.contains("TLS"), "\(message)")
        #expect(message.contains("sslmode=disable"), "the remedy names the opt-out: \(message)")
    }

    @Test func aNetworkHostGetsNoPasswordFromASelfSignedCertificateForAnotherName() async throws {
        let local = try LocalHostName.find()
        let certificates = try await TestCertificates.make()
        defer { certificates.cleanUp() }
        let forged = try await certificates.certificate("db.example.com", subjectAltName: "DNS:db.example.com", selfSigned: true)
        let server = try await FakePostgresServer(host: local.address, tls: .accept(certificate: forged.certificate, key: forged.key),
                                                  authentication: .cleartext)
        defer { Task { await server.close() } }
        let message = try await firstConnection("postgres://app:\(secret)@\(local.name):\(server.port)/tokens")
        #expect(server.passwords.isEmpty)
        #expect(!events(server).contains { if case .startup = $0 { true } else { false } }, "\(events(server))")
        #expect(message.contains("refusing") && message.contains(local.name) && message.contains("certificate"), "\(message)")
        #expect(message.contains("sslrootcert"), "\(message)")
    }

    @Test func verifyFullChecksTheChainAndTheName() async throws {
        let local = try LocalHostName.find()
        let certificates = try await TestCertificates.make()
        defer { certificates.cleanUp() }
        let root = "sslrootcert=\(certificates.authority.certificate)"

        // Signed by the trusted CA, but for another name.
        let other = try await certificates.certificate("other", subjectAltName: "DNS:other.example.com")
        let otherServer = try await FakePostgresServer(host: local.address, tls: .accept(certificate: other.certificate, key: other.key),
                                                       authentication: .cleartext)
        defer { Task { await otherServer.close() } }
        let wrongName = try await firstConnection("postgres://app:\(secret)@\(local.name):\(otherServer.port)/tokens?\(root)")
        #expect(otherServer.passwords.isEmpty)
        #expect(wrongName.contains("refusing") && wrongName.contains("not for \(local.name)"), "\(wrongName)")

        // For the right name, but signed by no CA we trust.
        let selfSigned = try await certificates.certificate("self", subjectAltName: "DNS:\(local.name)", selfSigned: true)
        let selfServer = try await FakePostgresServer(host: local.address, tls: .accept(certificate: selfSigned.certificate, key: selfSigned.key),
                                                      authentication: .cleartext)
        defer { Task { await selfServer.close() } }
        let untrusted = try await firstConnection("postgres://app:\(secret)@\(local.name):\(selfServer.port)/tokens?\(root)")
        #expect(selfServer.passwords.isEmpty)
        #expect(untrusted.contains("refusing") && untrusted.contains("not signed by"), "\(untrusted)")

        // Both right: the login goes ahead, password and all (over the verified connection).
        let good = try await certificates.certificate("good", subjectAltName: "DNS:\(local.name)")
        let goodServer = try await FakePostgresServer(host: local.address, tls: .accept(certificate: good.certificate, key: good.key),
                                                      authentication: .cleartext)
        defer { Task { await goodServer.close() } }
        let proceeded = try await firstConnection("postgres://app:\(secret)@\(local.name):\(goodServer.port)/tokens?\(root)")
        #expect(proceeded.contains(FakePostgresServer.queryRefusal), "\(proceeded)")
        #expect(goodServer.passwords == [secret])
        #expect(events(goodServer).starts(with: [.sslRequest, .tlsEstablished, .startup(user: "app", database: "tokens")]), "\(events(goodServer))")
    }

    @Test func verifyFullWithAnIPAddressChecksTheCertificatesIPAddresses() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.cleanUp() }
        let root = "sslrootcert=\(certificates.authority.certificate)"
        let good = try await certificates.certificate("ip", subjectAltName: "IP:127.0.0.1")
        let server = try await FakePostgresServer(tls: .accept(certificate: good.certificate, key: good.key), authentication: .cleartext)
        defer { Task { await server.close() } }
        let proceeded = try await firstConnection("postgres://app:\(secret)@127.0.0.1:\(server.port)/tokens?sslmode=verify-full&\(root)")
        #expect(proceeded.contains(FakePostgresServer.queryRefusal), "\(proceeded)")
        #expect(server.passwords == [secret])

        // A certificate for another address (and one for the name localhost) is refused.
        for (name, alternative) in [("ip2", "IP:127.0.0.2"), ("local", "DNS:localhost")] {
            let wrong = try await certificates.certificate(name, subjectAltName: alternative)
            let wrongServer = try await FakePostgresServer(tls: .accept(certificate: wrong.certificate, key: wrong.key), authentication: .cleartext)
            let refused = try await firstConnection("postgres://app:\(secret)@127.0.0.1:\(wrongServer.port)/tokens?sslmode=verify-full&\(root)")
            await wrongServer.close()
            #expect(wrongServer.passwords.isEmpty)
            #expect(refused.contains("refusing") && refused.contains("not for 127.0.0.1"), "\(refused)")
        }
    }

    @Test func anSSLModeChosenInTheURLOrPGSSLMODESendsThePasswordAsAsked() async throws {
        let local = try LocalHostName.find()
        let plain = try await FakePostgresServer(host: local.address, tls: .decline, authentication: .cleartext)
        defer { Task { await plain.close() } }
        let base = "postgres://app:\(secret)@\(local.name):\(plain.port)/tokens"
        for (url, environment) in [(base + "?sslmode=disable", [:]), (base + "?sslmode=prefer", [:]), (base, ["PGSSLMODE": "allow"])] {
            let proceeded = try await firstConnection(url, environment: environment)
            #expect(proceeded.contains(FakePostgresServer.queryRefusal), "\(url) \(environment): \(proceeded)")
        }
        #expect(plain.passwords == [secret, secret, secret])

        let certificates = try await TestCertificates.make()
        defer { certificates.cleanUp() }
        let forged = try await certificates.certificate("forged", subjectAltName: "DNS:db.example.com", selfSigned: true)
        let unverified = try await FakePostgresServer(host: local.address, tls: .accept(certificate: forged.certificate, key: forged.key),
                                                      authentication: .cleartext)
        defer { Task { await unverified.close() } }
        let proceeded = try await firstConnection("postgres://app:\(secret)@\(local.name):\(unverified.port)/tokens?sslmode=require")
        #expect(proceeded.contains(FakePostgresServer.queryRefusal), "\(proceeded)")
        #expect(unverified.passwords == [secret])
    }

    @Test func onLoopbackAnUnverifiedServerGetsThePasswordOnlyThroughSCRAM() async throws {
        // Cleartext or MD5, without TLS or with a certificate nobody checked: refused before answering.
        let certificates = try await TestCertificates.make()
        defer { certificates.cleanUp() }
        let forged = try await certificates.certificate("forged", subjectAltName: "IP:127.0.0.1", selfSigned: true)
        let cases: [(FakePostgresServer.TLSAnswer, FakePostgresServer.AuthenticationRequest, String)] = [
            (.decline, .cleartext, "cleartext"), (.decline, .md5, "MD5"),
            (.accept(certificate: forged.certificate, key: forged.key), .cleartext, "cleartext"),
        ]
        for (tls, authentication, named) in cases {
            let server = try await FakePostgresServer(tls: tls, authentication: authentication)
            let message = try await firstConnection("postgres://app:\(secret)@127.0.0.1:\(server.port)/tokens")
            await server.close()
            #expect(server.passwords.isEmpty, "\(authentication)")
            #expect(events(server).contains(.startup(user: "app", database: "tokens")), "\(events(server))")
            #expect(message.contains("refusing") && message.contains("127.0.0.1:\(server.port)") && message.contains(named), "\(message)")
            #expect(message.contains("scram-sha-256") && message.contains("sslmode=disable"), "\(message)")
        }

        // SCRAM proves the password without sending it: it goes ahead (the fake ends it there).
        let scram = try await FakePostgresServer(tls: .decline, authentication: .scram)
        defer { Task { await scram.close() } }
        let message = try await firstConnection("postgres://app:\(secret)@127.0.0.1:\(scram.port)/tokens")
        #expect(events(scram).contains(.saslInitialResponse(mechanism: "SCRAM-SHA-256")), "\(events(scram))")
        #expect(scram.passwords.isEmpty)
        #expect(message.contains("SCRAM is not implemented by the fake"), "\(message)")

        // The URL may opt out on loopback too (then without a warning: nothing leaves the machine).
        let optedOut = try await FakePostgresServer(tls: .decline, authentication: .cleartext)
        defer { Task { await optedOut.close() } }
        let proceeded = try await firstConnection("postgres://app:\(secret)@127.0.0.1:\(optedOut.port)/tokens?sslmode=disable")
        #expect(proceeded.contains(FakePostgresServer.queryRefusal), "\(proceeded)")
        #expect(optedOut.passwords == [secret])
    }
}
