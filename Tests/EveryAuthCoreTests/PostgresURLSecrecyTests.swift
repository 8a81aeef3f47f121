import Foundation
import Testing
@testable import EveryAuthCore

/// A store URL's password never reaches a message (SPEC §3 "Backends", issue 23 item 5): messages
/// are built from the parsed URL, never from its text, even when a password holds a character
/// that ends the URL's authority (`/`, `?`, `#`) and so was never parsed as a password.
@Suite struct PostgresURLSecrecyTests {
    @Test(arguments: [
        "postgres://app:hunter2/ZQX9@db.example.com/x",
        "postgres://app:hunter2?ZQX9@db.example.com/x",
        "postgres://app:hunter2#ZQX9@db.example.com/x",
        "postgres://app:hunter2/ZQX9@/x",
        // A password whose part before the `/` reads as a port: parsed, it would name host `app`,
        // port 12345 and the database `ZQX9@db.example.com/x`.
        "postgres://app:12345/ZQX9@db.example.com/x",
        "postgres://app:12345?ZQX9=1@db.example.com/x",
    ])
    func aPasswordWithAnUnencodedDelimiterIsRefusedWithoutShowingIt(url: String) throws {
        let error = try #require(throws: InvalidInput.self) { try PostgresAddress(url: url, environment: [:]) }
        for piece in ["hunter2", "ZQX9", "12345"] {
            #expect(!error.description.contains(piece), "\(error.description)")
        }
        #expect(error.description.contains("%2F"), "the message says how to write such a password: \(error.description)")
        let location = StoreAddress.postgres(url: url).redacted
        for piece in ["hunter2", "ZQX9", "12345"] {
            #expect(!location.contains(piece), "\(location)")
        }
    }

    @Test func aPercentEncodedPasswordWorksAndIsNeverShown() throws {
        let address = try PostgresAddress(url: "postgres://app:hunter2%2FZQX9%3F%23%40@db.example.com/x", environment: [:])
        #expect(address.password == "hunter2/ZQX9?#@")
        #expect(address.redacted == "postgres://app@db.example.com:5432/x")
        let location = StoreAddress.postgres(url: "postgres://app:hunter2%2FZQX9@db.example.com/x?sslmode=require").redacted
        #expect(location == "postgres://app@db.example.com/x?sslmode=require")
    }

    @Test(arguments: [
        ("postgres://app:hunter2@db.example.com:99999/x", "port"),
        ("postgres://app:hunter2@db.example.com:ZQX9/x", "port"),
        ("postgres://app:hunter2@db.example.com/x?password=ZQX9%zz", "%-escape"),
        ("postgres://app:hunter2ZQX9%zz@db.example.com/x", "%-escape"),
        ("postgres://app:hunter2@db.example.com/x?sslmode=ZQX9-no", "sslmode"),
    ])
    func otherMistakesNameTheirPartWithoutThePassword(url: String, part: String) throws {
        let error = try #require(throws: InvalidInput.self) { try PostgresAddress(url: url, environment: [:]) }
        #expect(error.description.contains(part), "\(error.description)")
        #expect(!error.description.contains("hunter2"), "\(error.description)")
        #expect(error.description.contains("db.example.com") || part == "%-escape", "the message names the server it could read: \(error.description)")
    }
}
