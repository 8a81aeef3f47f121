import Foundation
import Testing
@testable import EveryAuthCore

/// Reading `postgres://` URLs as libpq does, without a server.
@Suite struct PostgresAddressTests {
    @Test func urlGivesEveryPart() throws {
        let address = try PostgresAddress(url: "postgresql://app%40corp:p%3Ass@db.example:6543/every%20auth?sslmode=verify-full",
                                          environment: ["PGHOST": "ignored", "PGPASSWORD": "ignored"])
        #expect(address.user == "app@corp")
        #expect(address.password == "p:ss")
        #expect(address.host == "db.example")
        #expect(address.port == 6543)
        #expect(address.database == "every auth")
        #expect(address.sslMode == .verifyFull)
        #expect(!address.redacted.contains("p:ss") && !address.redacted.contains("p%3Ass"))
        #expect(address.redacted == "postgres://app@corp@db.example:6543/every auth?sslmode=verify-full")
    }

    @Test func environmentFillsTheGaps() throws {
        let address = try PostgresAddress(url: "postgres://", environment: [
            "PGHOST": "10.0.0.5", "PGPORT": "5433", "PGUSER": "svc", "PGPASSWORD": "pw", "PGDATABASE": "tokens", "PGSSLMODE": "require",
        ])
        #expect(address.host == "10.0.0.5" && address.port == 5433 && address.user == "svc")
        #expect(address.password == "pw" && address.database == "tokens" && address.sslMode == .require)
        let defaults = try PostgresAddress(url: "postgres://bob@/", environment: [:])
        #expect(defaults.host == "localhost" && defaults.port == 5432 && defaults.database == "bob" && defaults.sslMode == .prefer)
        let v6 = try PostgresAddress(url: "postgres://u@[::1]:7000/d", environment: [:])
        #expect(v6.host == "::1" && v6.port == 7000 && v6.redacted == "postgres://u@[::1]:7000/d")
    }

    @Test(arguments: [
        ("postgres://u:secret-pw@h:99999/d", "port is not a number"),
        ("postgres://u:secret-pw@h/d?sslmode=strict", "sslmode 'strict'"),
        ("postgres://u:secret-pw@h/d?colour=red", "unknown parameter 'colour'"),
        ("postgres://u:secret-pw@h1,h2/d", "several hosts"),
        ("postgres://u:secret-pw@h/%zz", "%-escape"),
    ])
    func badURLsAreInvalidInputWithoutThePassword(url: String, problem: String) throws {
        let error = try #require(throws: InvalidInput.self) { try PostgresAddress(url: url, environment: [:]) }
        #expect(error.description.contains(problem), "\(error.description)")
        #expect(!error.description.contains("secret-pw"), "\(error.description)")
    }

    @Test func badEnvironmentIsInvalidInputNamingTheVariable() throws {
        let port = try #require(throws: InvalidInput.self) { try PostgresAddress(url: "postgres://u@h/d", environment: ["PGPORT": "abc"]) }
        #expect(port.description == "PGPORT: 'abc' is not a port; give a number from 1 to 65535")
        let mode = try #require(throws: InvalidInput.self) { try PostgresAddress(url: "postgres://u@h/d", environment: ["PGSSLMODE": "maybe"]) }
        #expect(mode.description.hasPrefix("PGSSLMODE: 'maybe' is not one of disable, "), "\(mode)")
        #expect(mode.description.hasSuffix("; fix or unset it"), "\(mode)")
    }
}
