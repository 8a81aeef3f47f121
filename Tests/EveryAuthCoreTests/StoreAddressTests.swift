import Foundation
import Testing
@testable import EveryAuthCore

/// `--store` / `$EVERYAUTH_STORE_URL` (SPEC §3 "Backends"): which backend a value names, and the
/// order in which the flag, the variable and the config directory win.
struct StoreAddressTests {
    @Test func postgresURLsInBothSpellings() throws {
        #expect(try StoreAddress.parse("postgres://ea@db:5432/auth", source: "--store") == .postgres(url: "postgres://ea@db:5432/auth"))
        #expect(try StoreAddress.parse("POSTGRESQL://ea@db/auth", source: "--store") == .postgres(url: "POSTGRESQL://ea@db/auth"))
    }

    @Test func directoriesAndFileURLsAreTheJSONFile() throws {
        #expect(try StoreAddress.parse("/tmp/ea/../team", source: "--store") == .file(directory: URL(fileURLWithPath: "/tmp/team", isDirectory: true)))
        #expect(try StoreAddress.parse("file:///srv/everyauth", source: "--store")
            == .file(directory: URL(fileURLWithPath: "/srv/everyauth", isDirectory: true).standardizedFileURL))
    }

    @Test func otherSchemesAndEmptyValuesAreInvalidInputNamingTheSource() throws {
        let scheme = try #require(throws: InvalidInput.self) { try StoreAddress.parse("mysql://root@db/x", source: "EVERYAUTH_STORE_URL") }
        #expect(scheme.description == "EVERYAUTH_STORE_URL: stores are postgres:// URLs or directories, not mysql://")
        let empty = try #require(throws: InvalidInput.self) { try StoreAddress.parse("", source: "--store") }
        #expect(empty.description.hasPrefix("--store: the store must not be empty"))
    }

    @Test func redactedAddressHidesThePassword() {
        let address = StoreAddress.postgres(url: "postgres://ea:hunter2@db/auth?sslmode=require")
        #expect(!address.redacted.contains("hunter2"))
        #expect(address.redacted.contains("db/auth"))
    }

    @Test func flagThenVariableThenConfigDirectory() throws {
        let environment = EveryAuthEnvironment(["EVERYAUTH_STORE_URL": "postgres://ea@db/auth", "EVERYAUTH_CONFIG_DIR": "/tmp/ea-config"])
        #expect(try environment.storeAddress(explicit: "/tmp/flag") == .file(directory: URL(fileURLWithPath: "/tmp/flag", isDirectory: true)))
        #expect(try environment.storeAddress() == .postgres(url: "postgres://ea@db/auth"))
        let plain = EveryAuthEnvironment(["EVERYAUTH_CONFIG_DIR": "/tmp/ea-config", "EVERYAUTH_STORE_URL": ""])
        #expect(try plain.storeAddress() == .file(directory: URL(fileURLWithPath: "/tmp/ea-config", isDirectory: true)))
        let store = try plain.store(backends: .fileOnly)
        #expect(store.location == StoreLocation(backend: .file, redacted: "/tmp/ea-config/everyauth.json"))
    }

    /// The core alone opens the file; a PostgreSQL address without the EveryAuthPostgres backend is
    /// an error naming the store (without its password) and what a program adds, not a crash.
    @Test func aPostgresAddressWithoutItsBackendIsAClearError() throws {
        let url = "postgres://ea:hunter2@db.example.com/auth"
        let expected = StoreError.backendMissing(backend: .postgres, location: "postgres://ea@db.example.com/auth")
        #expect(throws: expected) { try StoreBackends.fileOnly.open(.postgres(url: url)) }
        #expect(throws: expected) { try EveryAuth(environment: ["EVERYAUTH_STORE_URL": url]) }
        #expect(throws: expected) { try EveryAuthEnvironment(["EVERYAUTH_STORE_URL": url]).store(backends: .fileOnly) }
        let message = try #require(expected.errorDescription)
        #expect(message.contains("postgres://ea@db.example.com/auth") && message.contains("EveryAuthPostgres"), "\(message)")
        #expect(!message.contains("hunter2"))
        // A backend handed in is the one used.
        let custom = StoreBackends(postgres: { _, _, _, _ in FileStore(directory: URL(fileURLWithPath: "/tmp/ea-stand-in", isDirectory: true)) })
        #expect(try custom.open(.postgres(url: url)).location.redacted == "/tmp/ea-stand-in/everyauth.json")
    }
}
