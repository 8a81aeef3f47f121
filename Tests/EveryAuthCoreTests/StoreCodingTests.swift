@testable import EveryAuthCore
import Foundation
import Testing

/// The store's own reader and writer: straight from bytes into the models and back, a document
/// read and written again is the same document and the same bytes, and the index finds identities.
@Suite struct StoreCodingTests {
    private func decode(_ text: String) throws -> StoreDocument {
        try StoreDocument.decode(Data(text.utf8), path: "/c/everyauth.json")
    }

    private func sample(identities count: Int = 3) -> StoreDocument {
        var document = StoreDocument(services: [
            "pagerduty": ServiceSettings(scope: "read write", clientId: "client-1", clientSecret: "s3cret", region: .eu,
                                         authorizationUrl: "https://a.example/authorize", tokenUrl: "https://a.example/token",
                                         apiUrl: "https://api.eu.pagerduty.com", redirectPort: 8765,
                                         revocationUrl: "https://a.example/revoke", defaultUserId: "user-1"),
        ])
        for index in 0..<count {
            document.identities.append(Identity(
                id: "idn-\(index)", service: "pagerduty", userId: "user-\(index)", tags: ["team": "t\(index % 7)", "e\u{301}": "x"],
                createdAt: Date(timeIntervalSince1970: 1_764_000_000 + Double(index)), updatedAt: Date(timeIntervalSince1970: 1_764_100_000),
                status: index == 1 ? .refreshError : .authorized, kind: index == 2 ? .apiKey : .oauth,
                credential: Credential(accessToken: "pdus+_\(index)", native: [
                    "scope": .string("read write"), "expires_at": .number(try! #require(JSONNumber(literal: "1e400"))),
                    "timestamp": .number(1_764_000_000_000 + index), "\u{e9}": .string("composed"), "e\u{301}": .string("decomposed"),
                ], refreshToken: index == 0 ? "pdrt+_0" : nil)))
        }
        return document
    }

    @Test func aDocumentDecodesToItselfAndEncodesStably() throws {
        let document = sample()
        let bytes = document.encoded()
        let again = try StoreDocument.decode(bytes, path: "/c/everyauth.json")
        #expect(again == document)
        #expect(again.encoded() == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"identities\": [\n    {\n      \"createdAt\": \"2025-11-24T16:00:00Z\","))
        #expect(text.hasSuffix("\n  \"version\": 1\n}\n"))
        #expect(text.contains("\"expires_at\": 1e400"))
        // What Foundation reads of it agrees (the file stays plain JSON for other tools).
        let foundation = try #require(JSONSerialization.jsonObject(with: Data(text.replacingOccurrences(of: "1e400", with: "1").utf8)) as? [String: Any])
        #expect((foundation["identities"] as? [Any])?.count == 3)
    }

    /// Issue "hostile numbers" 3: only the form the store writes is read, so nothing is lost on the way back.
    @Test(arguments: ["2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00+00:00", "2026-02-30T00:00:00Z", "2026-01-01 00:00:00Z",
                      "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z", "+2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-01-01t00:00:00z"])
    func timesInAnyOtherFormAreRefused(_ time: String) throws {
        var text = String(decoding: sample(identities: 1).encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"createdAt\": \"2025-11-24T16:00:00Z\"", with: "\"createdAt\": \"\(time)\"")
        #expect(throws: StoreError.corrupt(path: "/c/everyauth.json", reason: "'\(time)' is not a time like 2026-01-31T12:00:00Z at identities[0].createdAt")) {
            try decode(text)
        }
    }

    @Test func timesRoundTripAcrossTheCalendar() throws {
        for seconds in [-62_167_219_200.0, -1, 0, 951_782_400, 4_107_542_399, 253_402_300_799] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.parseExact(Timestamp.format(date)) == date, "\(seconds)")
            // Foundation switches to the Julian calendar before 1582; the store is proleptic Gregorian.
            if seconds > -12_219_292_800 { #expect(Timestamp.format(date) == date.formatted(.iso8601), "\(seconds)") }
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.9)) == "1970-01-01T00:00:01Z")
        #expect(Timestamp.parseExact("2024-02-29T23:59:59Z") != nil)
        #expect(Timestamp.parseExact("2023-02-29T00:00:00Z") == nil)
    }

    /// The first problem a user must fix is the one reported: not JSON, then the version, then fields.
    @Test(arguments: [
        ("{\"identities\": [{\"id\": 3}], \"version\": 1, \"services\": {", "not valid JSON"),
        ("{\"identities\": [{\"id\": 3}], \"services\": {}, \"version\": 2}", "version 2"),
        ("{\"identities\": [{\"id\": 3}], \"services\": {}}", "no \"version\" field"),
        ("{\"version\": 1e400, \"services\": {}, \"identities\": []}", "\"version\" is not a whole number"),
        ("{\"version\": 1e19, \"services\": {}, \"identities\": []}", "\"version\" is not a whole number"),
        ("{\"version\": 1, \"services\": {}, \"identities\": [{\"id\": 3}]}", "wrong type at identities[0].id"),
        ("{\"version\": 1, \"services\": {}, \"identities\": [{\"id\": \"i\"}]}", "missing \"service\" at identities[0]"),
        ("{\"version\": 1, \"services\": {}}", "missing \"identities\" at top level"),
        ("{\"version\": 1, \"services\": {\"pagerduty\": {\"redirectPort\": 1e19}}, \"identities\": []}", "not a port number at services.pagerduty.redirectPort"),
        ("{\"version\": 1, \"services\": {\"pagerduty\": {\"region\": \"mars\"}}, \"identities\": []}", "unknown region 'mars'"),
        ("{\"version\": 1, \"services\": {}, \"identities\": [],}", "trailing comma"),
    ])
    func problemsAreReportedInTheOrderAUserFixesThem(_ text: String, _ fragment: String) {
        do {
            _ = try decode(text)
            Issue.record("accepted: \(text)")
        } catch {
            let message = (error as? StoreError)?.errorDescription ?? "\(error)"
            #expect(message.contains(fragment), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func unknownMembersAndNullOptionalsAreTolerated() throws {
        let document = try decode("""
            {"future": [1, {"x": null}], "version": 1.0, "services": {"pagerduty": {"clientId": null, "scope": "s", "later": true}},
             "identities": []}
            """)
        #expect(document.services["pagerduty"] == ServiceSettings(scope: "s"))
    }

    /// The store writes the settings table's keys and the default user id: a field added to the
    /// type without teaching `StoreDecoder`/`StoreEncoder` would be lost on the next write, and fails here.
    @Test func everyServiceSettingsKeyIsStored() throws {
        let settings = try #require(sample().services["pagerduty"])
        let unset = Mirror(reflecting: settings).children.filter { "\($0.value)" == "nil" }.map { $0.label ?? "?" }
        #expect(unset.isEmpty, "the sample leaves \(unset) unset")
        // Every settable key, and `defaultUserId` (kept by `identity switch`, not a `service set` key).
        #expect(Mirror(reflecting: settings).children.count == ServiceSettings.keys.count + 1)
        #expect(try StoreDocument.decode(sample().encoded(), path: "p").services["pagerduty"] == settings)
    }

    @Test func theIndexFindsWhatAScanFinds() throws {
        var document = try StoreDocument.decode(sample(identities: 1_000).encoded(), path: "p")
        for index in [0, 1, 499, 999] {
            let selector = IdentitySelector(service: .pagerduty, userId: "user-\(index)")
            #expect(try document.index(of: selector) == index)
        }
        #expect(throws: LookupError.identityNotFound(service: "pagerduty", userId: "nobody", id: nil)) {
            try document.index(of: IdentitySelector(service: .pagerduty, userId: "nobody"))
        }
        // After a change the index is dropped, and lookups still find the right identity.
        document.identities.remove(at: 0)
        #expect(try document.index(of: IdentitySelector(service: .pagerduty, userId: "user-999")) == 998)
        document.upsertIdentity(service: .pagerduty, userId: "user-5", kind: .apiKey, credential: .apiKey("k"))
        #expect(document.identities.count == 999)
        #expect(document.identities[4].credential.accessToken == "k")
        document.buildIndex()
        #expect(try document.index(of: IdentitySelector(service: .pagerduty, userId: "user-5")) == 4)
        #expect(try document.index(of: IdentitySelector(service: .pagerduty, id: "idn-7")) == 6)
    }
}
