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

    @Test func otherSchemesAndEmptyValuesAreUsageErrorsNamingTheSource() {
        #expect(throws: UsageError("EVERYAUTH_STORE_URL: stores are postgres:// URLs or directories, not mysql://")) {
            try StoreAddress.parse("mysql://root@db/x", source: "EVERYAUTH_STORE_URL")
        }
        #expect(throws: UsageError.self) { try StoreAddress.parse("", source: "--store") }
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
        let store = try plain.store()
        #expect(store.location == StoreLocation(backend: .file, redacted: "/tmp/ea-config/everyauth.json"))
    }
}
