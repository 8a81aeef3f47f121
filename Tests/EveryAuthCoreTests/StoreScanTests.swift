@testable import EveryAuthCore
import Foundation
import Testing

/// The fast path of the file store (`StoreScanner`, `StoreScan`): it accepts exactly the bytes
/// the encoder writes, finds and decodes identities as the full decoder does, writes by splicing
/// exactly the bytes a full encode would, and leaves every other file, and every problem, to the
/// full decoder.
@Suite struct StoreScanTests {
    private let path = "/c/everyauth.json"
    private let now = Date(timeIntervalSince1970: 1_764_000_000)

    /// Identities with what a file can hold: escapes and non-ASCII in user ids, ids, emails, tag
    /// values and tokens, nested and empty `native` values, duplicate user ids (the first wins).
    private func varied() throws -> StoreDocument {
        var document = StoreDocument(services: [
            "pagerduty": ServiceSettings(scope: "read write", clientId: "client-\"1\"", region: .eu, redirectPort: 8765,
                                         defaultUserId: "user-\u{e9}"),
        ])
        let userIds = ["alice", "user-\u{e9}", "e\u{301}", "K", "\u{212A}", "tab\there", "quote\"back\\slash", "nl\nand\u{1b}ctl",
                       "emoji-\u{1F600}", "", "alice", "slash/ok", "\u{7f}del"]
        for (index, userId) in userIds.enumerated() {
            let native: JSONObject = [
                "access_token": .string("pdus+_\(index)"), "expires_at": .number(try #require(JSONNumber(literal: index % 2 == 0 ? "1e400" : "-0.5E+3"))),
                "nested": .array([.null, .bool(true), .bool(false), .object([:]), .array([]), .object(["b": .string("\u{e9}\u{8}"), "a": .array([.number(1)])])]),
                "\u{e9}": .string("composed"), "e\u{301}": .string("decomposed"), "": .string("empty name"),
            ]
            document.identities.append(Identity(
                id: index == 5 ? "idn-\u{e9}\t" : "idn-\(index)", service: "pagerduty", userId: userId,
                tags: index % 3 == 0 ? [:] : ["team": "t\(index % 4)", "env": "prod\n\u{e9}", "ZZ": "", "a-b_c.d": "\u{1}"],
                createdAt: now.addingTimeInterval(Double(index)), updatedAt: now.addingTimeInterval(86_400 * Double(index)),
                status: index % 4 == 1 ? .refreshError : .authorized, kind: [.oauth, .apiKey, .app][index % 3],
                credential: Credential(accessToken: "pdus+_\(index)\u{e9}\"", native: index == 4 ? [:] : native,
                                       refreshToken: index % 2 == 0 ? "pdrt+_\(index)" : nil),
                email: index % 5 == 0 ? "u\(index)@example.com" : nil))
            // What `identity check` recorded: with a reason that needs escapes, without one, or never.
            let states = IdentityCheckMark.State.allCases
            if index % 3 != 0 {
                document.identities[document.identities.count - 1].check = IdentityCheckMark(
                    state: states[index % states.count], at: now.addingTimeInterval(Double(index) * 60),
                    reason: index % 3 == 1 ? "invalid_grant: \"revoked\" \u{e9}\\" : nil)
            }
        }
        return document
    }

    private func scan(_ document: StoreDocument) throws -> StoreScan {
        try #require(StoreScan(bytes: Array(document.encoded()), path: path), "the scanner refused the encoder's own bytes")
    }

    @Test func theEncodersBytesAreScannedAndReadAsTheDecoderReadsThem() throws {
        for document in [try varied(), StoreDocument(), StoreDocument(services: ["pagerduty": ServiceSettings()]),
                         StoreDocument(identities: Array(try varied().identities.prefix(1)))] {
            let data = document.encoded()
            let scan = try scan(document)
            #expect(StoreFuzzCheck.scanFailure(scan, try StoreDocument.decode(data, path: path), data) == nil)
            #expect(scan.services == document.services)
            #expect(scan.count == document.identities.count)
            for position in document.identities.indices {
                #expect(try scan.identity(at: position) == document.identities[position])
            }
        }
    }

    /// Lookups compare as the models do (bytes, SPEC §3): the first of duplicates wins, a Kelvin
    /// sign does not find a K, and decomposed does not find precomposed.
    @Test func lookupsFindWhatTheDecodersIndexFinds() throws {
        let document = try StoreDocument.decode(try varied().encoded(), path: path)
        let scan = try scan(document)
        let userIds = ["alice", "user-\u{e9}", "user-e\u{301}", "\u{e9}", "e\u{301}", "K", "\u{212A}", "k", "tab\there",
                       "quote\"back\\slash", "nl\nand\u{1b}ctl", "emoji-\u{1F600}", "", "nobody", "slash/ok", "\u{7f}del"]
        for userId in userIds {
            let selector = IdentitySelector(service: .pagerduty, userId: userId)
            #expect(scan.position(of: selector) == (try? document.index(of: selector)), "\(userId.debugDescription)")
        }
        #expect(scan.position(of: IdentitySelector(service: .pagerduty, userId: "alice")) == 0)
        #expect(scan.position(of: IdentitySelector(service: .pagerduty, userId: "K")) == 3)
        #expect(scan.position(of: IdentitySelector(service: .pagerduty, userId: "\u{212A}")) == 4)
        #expect(scan.position(of: IdentitySelector(service: .pagerduty, userId: "e\u{301}")) == 2)
        #expect(scan.position(of: IdentitySelector(service: .pagerduty, userId: "user-e\u{301}")) == nil)
        for id in ["idn-0", "idn-\u{e9}\t", "idn-e\u{301}\t", "idn-12", "idn-13", "", "IDN-0"] {
            let selector = IdentitySelector(service: .pagerduty, id: id)
            #expect(scan.position(of: selector) == (try? document.index(of: selector)), "\(id.debugDescription)")
        }
        #expect(scan.position(of: IdentitySelector(service: .pagerduty)) == nil)
        let everyone = try scan.identities(service: nil, userId: nil)
        #expect(everyone == document.identities)
        #expect(try scan.identities(service: "pagerduty", userId: "alice").map(\.id) == ["idn-0", "idn-10"])
        #expect(try scan.identities(service: "other", userId: nil).isEmpty)
    }

    /// The hand edits of `otherFilesTakeTheFullPath`, by name.
    private static func edit(_ name: String, _ text: String) -> String {
        switch name {
        case "compact": return text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
        case "CRLF": return text.replacingOccurrences(of: "\n", with: "\r\n")
        case "no final newline": return String(text.dropLast())
        case "two final newlines": return text + "\n"
        case "unknown member": return text.replacingOccurrences(of: "\"id\": \"idn-1\",", with: "\"id\": \"idn-1\",\n      \"later\": 1,")
        case "null email": return text.replacingOccurrences(of: "\"id\": \"idn-1\",", with: "\"email\": null,\n      \"id\": \"idn-1\",")
        case "escaped slash": return text.replacingOccurrences(of: "\"slash/ok\"", with: "\"slash\\/ok\"")
        case "needless \\u": return text.replacingOccurrences(of: "\"alice\"", with: "\"\\u0061lice\"")
        case "uppercase \\u": return text.replacingOccurrences(of: "\\u001b", with: "\\u001B")
        case "\\u for \\n": return text.replacingOccurrences(of: "\\n", with: "\\u000a")
        case "Kelvin kind": return text.replacingOccurrences(of: "\"kind\": \"apiKey\"", with: "\"kind\": \"api\u{212A}ey\"")
        case "keys out of order": return text.replacingOccurrences(of: "\"ZZ\": \"\",\n        \"a-b_c.d\": \"\\u0001\"", with: "\"a-b_c.d\": \"\\u0001\",\n        \"ZZ\": \"\"")
        case "services first": return "{\n  \"services\": {},\n  \"identities\": [],\n  \"version\": 1\n}\n"
        case "version 1.0": return text.replacingOccurrences(of: "\"version\": 1\n", with: "\"version\": 1.0\n")
        default: return text
        }
    }

    /// Hand edits and files from elsewhere are read by the full decoder, which reports their
    /// problems as before; the next write makes them the encoder's bytes again.
    @Test(arguments: ["compact", "CRLF", "no final newline", "two final newlines", "unknown member", "null email", "escaped slash",
                      "needless \\u", "uppercase \\u", "\\u for \\n", "Kelvin kind", "keys out of order", "services first", "version 1.0"])
    func otherFilesTakeTheFullPath(_ name: String) throws {
        let original = try varied().encoded()
        let text = Self.edit(name, String(decoding: original, as: UTF8.self))
        #expect(text.utf8.count != original.count || Data(text.utf8) != original, "the edit \(name) changed nothing")
        #expect(StoreScan(bytes: Array(text.utf8), path: path) == nil, "\(name)")
        #expect(StoreFuzzCheck.failure(Data(text.utf8)) == nil, "\(name)")
    }

    /// `identity ls` reads summaries without tokens: from the encoder's bytes (each identity's
    /// own bytes) and from hand-edited files (the full decoder) alike, they are the decoded
    /// identities' summaries, filtered and ordered as `identities(matching:)` does.
    @Test(arguments: ["encoder's form", "compact", "CRLF", "unknown member", "null email", "escaped slash", "needless \\u",
                      "Kelvin kind", "keys out of order"])
    func summariesAreTheDecodedIdentitiesOwn(_ name: String) async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
        let bytes = Data(Self.edit(name, String(decoding: try varied().encoded(), as: UTF8.self)).utf8)
        #expect((StoreScan(bytes: Array(bytes), path: path) != nil) == (name == "encoder's form"), "\(name)")
        try bytes.write(to: temp.store.fileURL)
        let document = try StoreDocument.decode(bytes, path: path)
        let filters = [IdentityFilter(), IdentityFilter(service: .pagerduty), IdentityFilter(userId: "alice"), IdentityFilter(userId: "K"),
                       IdentityFilter(userId: "e\u{301}"), IdentityFilter(userId: "nobody"), IdentityFilter(tags: ["team": "t2"]),
                       IdentityFilter(service: .pagerduty, userId: "user-\u{e9}", tags: ["env": "prod\n\u{e9}"])]
        for filter in filters {
            let expected = filter.apply(to: document.identities).map(IdentitySummary.init)
            #expect(try await temp.store.identitySummaries(matching: filter) == expected, "\(name): \(filter)")
        }
        let all = try await temp.store.identitySummaries(matching: IdentityFilter())
        #expect(all.count == document.identities.count)
        // The scan's `expires_at` of 1e400 and of -0.5E+3 read as the decoder's: none, and a time.
        #expect(Set(all.map { $0.expiresAt == nil }) == [true, false])
        #expect(try await temp.store.identitySummaries(matching: IdentityFilter(userId: "K")).map(\.id) == ["idn-3"])
        #expect(try await temp.store.identitySummaries(matching: IdentityFilter(userId: "\u{212A}")).map(\.id) == ["idn-4"])
        #expect(try Data(contentsOf: temp.store.fileURL) == bytes, "a listing writes nothing")
    }

    /// Tag names that are not plain ASCII take the full path, whose tags keep canonically
    /// equivalent names apart (identity keys are bytes, SPEC §3).
    @Test func nonASCIITagNamesTakeTheFullPath() throws {
        var document = StoreDocument()
        document.identities.append(Identity(id: "idn-1", service: "pagerduty", userId: "u", tags: ["\u{e9}": "1"], createdAt: now,
                                            kind: .apiKey, credential: .apiKey("k")))
        #expect(StoreScan(bytes: Array(document.encoded()), path: path) == nil)
        let merged = String(decoding: document.encoded(), as: UTF8.self)
            .replacingOccurrences(of: "\"\u{e9}\": \"1\"", with: "\"e\u{301}\": \"0\",\n        \"\u{e9}\": \"1\"")
        let tags = try StoreDocument.decode(Data(merged.utf8), path: path).identities[0].tags
        #expect(tags.count == 2)
        #expect(tags["e\u{301}"] == "0" && tags["\u{e9}"] == "1")
        #expect(StoreScan(bytes: Array(merged.utf8), path: path) == nil)
    }

    @Test func splicedWritesAreTheFullEncoding() throws {
        let document = try varied()
        let scan = try scan(document)
        var edited = document.identities[6]
        edited.credential = Credential(accessToken: "new\u{e9}", native: ["x": .number(1)], refreshToken: nil)
        edited.email = "new@example.com"
        for position in document.identities.indices {
            var changed = document
            changed.identities[position] = edited
            #expect(scan.replacing(position, with: edited).array == Array(changed.encoded()), "replace \(position)")
            changed = document
            changed.identities.remove(at: position)
            #expect(scan.replacing(position, with: nil).array == Array(changed.encoded()), "remove \(position)")
        }
        var changed = document
        changed.identities.append(edited)
        #expect(scan.replacing(nil, with: edited).array == Array(changed.encoded()))
        #expect(scan.replacing(nil, with: nil).array == Array(document.encoded()))
        changed = document
        changed.services["pagerduty"]?.clientSecret = "s\u{e9}cret"
        changed.services["another"] = ServiceSettings()
        #expect(scan.replacingServices(changed.services).array == Array(changed.encoded()))
        #expect(scan.replacingServices([:]).array == Array(StoreDocument(identities: document.identities).encoded()))

        // One identity: removing it leaves an empty array; into an empty store, one is added.
        let one = StoreDocument(identities: [edited])
        #expect(try self.scan(one).replacing(0, with: nil).array == Array(StoreDocument().encoded()))
        #expect(try self.scan(StoreDocument()).replacing(nil, with: edited).array == Array(one.encoded()))
    }

    /// Through the store: a change of one identity or one service writes what the full path
    /// writes, for the encoder's bytes (spliced) and for a hand-edited file (rewritten whole).
    @Test func storeChangesWriteWhatTheFullPathWrites() async throws {
        for handEdited in [false, true] {
            let temp = TempStore()
            defer { temp.cleanUp() }
            try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
            let document = try varied()
            var bytes = document.encoded()
            if handEdited { bytes = Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8) }
            try bytes.write(to: temp.store.fileURL)
            var expected = document

            let stored = try await temp.store.upsertIdentity(service: .pagerduty, userId: "\u{212A}", kind: .oauth,
                                                             credential: .apiKey("fresh"), tags: ["new": "tag"], now: now)
            // The Kelvin sign's own identity (4), not K's (3): identity keys are bytes.
            expected.identities[4] = stored
            #expect(try Data(contentsOf: temp.store.fileURL) == expected.encoded())

            let added = try await temp.store.upsertIdentity(service: .pagerduty, userId: "zed", kind: .apiKey, credential: .apiKey("z"), now: now)
            expected.identities.append(added)
            #expect(try Data(contentsOf: temp.store.fileURL) == expected.encoded())

            try await temp.store.removeIdentity(IdentitySelector(service: .pagerduty, id: "idn-0"))
            expected.identities.remove(at: 0)
            #expect(try Data(contentsOf: temp.store.fileURL) == expected.encoded())

            try temp.store.updateService("pagerduty") { $0?.scope = "read" }
            expected.services["pagerduty"]?.scope = "read"
            #expect(try Data(contentsOf: temp.store.fileURL) == expected.encoded())

            // Nothing changed, nothing written (the hand-edited bytes would stay, too).
            let before = try Data(contentsOf: temp.store.fileURL)
            try await temp.store.updateIdentity(IdentitySelector(service: .pagerduty, userId: "zed")) { _ in }
            try temp.store.updateService("pagerduty") { _ in }
            #expect(try Data(contentsOf: temp.store.fileURL) == before)

            #expect(try await temp.store.identities(matching: IdentityFilter()) == IdentityFilter().apply(to: expected.identities))
            let filter = IdentityFilter(service: .pagerduty, tags: ["team": "t2"])
            #expect(try await temp.store.identities(matching: filter) == filter.apply(to: expected.identities))
            #expect(try await temp.store.identity(IdentitySelector(service: .pagerduty, userId: "alice")) == expected.identities[9])
            #expect(try await temp.store.serviceSettings("pagerduty") == expected.services["pagerduty"])
            let info = try await temp.store.info()
            #expect((info.schemaVersion, info.services, info.identities) == (1, 1, expected.identities.count))
            await #expect(throws: LookupError.identityNotFound(service: "pagerduty", userId: "nobody", id: nil)) {
                try await temp.store.identity(IdentitySelector(service: .pagerduty, userId: "nobody"))
            }
            await #expect(throws: LookupError.identityNotFound(service: "pagerduty", userId: nil, id: "idn-0")) {
                try await temp.store.identity(IdentitySelector(service: .pagerduty, id: "idn-0"))
            }
        }
    }

    /// A problem anywhere in the file is reported by every command, whichever identity it asks
    /// for, with the full decoder's message, and the file is never written: a lookup does not
    /// skip an unrelated corrupt identity (the scan refuses the file, and the decoder reports).
    @Test(arguments: [
        ("\"kind\": \"app\"", "\"kind\": \"robot\"", "unknown kind 'robot' at identities[2].kind"),
        ("\"createdAt\": \"2025-11-24T16:00:08Z\"", "\"createdAt\": \"2025-11-24T16:00:08.5Z\"",
         "'2025-11-24T16:00:08.5Z' is not a time like 2026-01-31T12:00:00Z at identities[8].createdAt"),
        ("\"userId\": \"slash/ok\"", "\"userId\": 7", "wrong type at identities[11].userId"),
        ("\"accessToken\": \"pdus+_12\u{e9}\\\"\"", "\"accessToken\": \"pdus+_12\u{e9}\\\"", "not valid JSON"),
        ("\"kind\": \"oauth\",\n      \"service\": \"pagerduty\",\n      \"status\": \"authorized\",\n      \"tags\": {},\n      \"updatedAt\": \"2025-12-06T16:00:00Z\"",
         "\"service\": \"pagerduty\",\n      \"status\": \"authorized\",\n      \"tags\": {},\n      \"updatedAt\": \"2025-12-06T16:00:00Z\"",
         "missing \"kind\" at identities[12]"),
    ])
    func aProblemAnywhereIsReportedByEveryCommand(_ find: String, _ replacement: String, _ reason: String) async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
        let text = String(decoding: try varied().encoded(), as: UTF8.self)
        #expect(text.contains(find), "\(find)")
        let bytes = Data(text.replacingOccurrences(of: find, with: replacement).utf8)
        try bytes.write(to: temp.store.fileURL)
        let expected = try #require(throws: StoreError.self) { try temp.store.read() }
        guard case .corrupt(_, let message) = expected else { Issue.record("\(expected)"); return }
        #expect(message.contains(reason), "\(message)")
        let alice = IdentitySelector(service: .pagerduty, userId: "alice")
        await #expect(throws: expected) { try await temp.store.identity(alice) }
        await #expect(throws: expected) { try await temp.store.serviceSettings("pagerduty") }
        await #expect(throws: expected) { try await temp.store.identities(matching: IdentityFilter()) }
        await #expect(throws: expected) { try await temp.store.identitySummaries(matching: IdentityFilter(userId: "alice")) }
        await #expect(throws: expected) { try await temp.store.info() }
        await #expect(throws: expected) {
            try await temp.store.upsertIdentity(service: .pagerduty, userId: "alice", kind: .apiKey, credential: .apiKey("k"))
        }
        #expect(throws: expected) { try temp.store.updateService("pagerduty") { $0 = nil } }
        #expect(try Data(contentsOf: temp.store.fileURL) == bytes)
    }

    /// The fuzzer starts from files in the encoder's form (so that its mutations probe the line
    /// between the fast path and the full decoder), and replaying the corpus checks the fast path.
    @Test func theFuzzCorpusHoldsFilesTheScannerAccepts() throws {
        let folder = FuzzCorpusTests.corpus.appendingPathComponent("store", isDirectory: true)
        let seed = try Data(contentsOf: folder.appendingPathComponent("canonical-escapes.json"))
        let scan = try #require(StoreScan(bytes: Array(seed), path: path))
        #expect(scan.count == 12)
        #expect(StoreFuzzCheck.failure(seed) == nil)
    }

    /// A store too large to decode eagerly in a test still finds its last identity (and the index
    /// agrees with a linear search).
    @Test func aLargeStoreFindsItsLastIdentity() throws {
        var document = StoreDocument()
        for index in 0..<5_000 {
            document.identities.append(Identity(id: "idn-\(index)", service: "pagerduty", userId: "user-\(index)", createdAt: now,
                                                kind: .apiKey, credential: .apiKey("k\(index)")))
        }
        let scan = try scan(document)
        let position = try #require(scan.position(of: IdentitySelector(service: .pagerduty, userId: "user-4999")))
        #expect(position == 4_999)
        #expect(try scan.identity(at: position) == document.identities[4_999])
    }
}
