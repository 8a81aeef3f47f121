@testable import EveryAuthCLI
@testable import EveryAuthCore
import Foundation
import Testing

/// `identity ls` lists the store's summaries without building tokens: in every format it prints
/// what the full decoder's identities print through the plain `Listing`, whether the file is in
/// the encoder's form (read identity by identity) or was edited by hand (decoded whole).
@Suite struct IdentityListTests {
    private static let now = Date(timeIntervalSince1970: 1_764_000_000)

    /// Escapes, non-ASCII, a tag named like a summary key (which orders the tags object), both
    /// kinds of expiry that read as none, duplicate user ids and a default user.
    private static func document() throws -> StoreDocument {
        var document = StoreDocument(services: ["pagerduty": ServiceSettings(clientId: "c", defaultUserId: "bob")])
        let natives: [JSONObject] = [
            ["scope": .string("read write"), "expires_at": .number(1_764_003_600_000), "token_type": .string("bearer")],
            ["token_type": .string("token")],
            ["scope": .number(7), "expires_at": .number(try #require(JSONNumber(literal: "1e400")))],
            ["scope": .string("\u{e9} \"q\"\n"), "expires_at": .string("soon"), "nested": .object(["scope": .string("no")])],
        ]
        let users = ["zoe", "bob", "al\"ice\t", "bob", "\u{e9}mile", "K"]
        for (index, user) in users.enumerated() {
            document.identities.append(Identity(
                id: "idn-\(5 - index)", service: "pagerduty", userId: user,
                tags: index % 2 == 0 ? ["team": "web", "id": "tag named id", "a": "\u{1}"] : ["team": "ops"],
                createdAt: now.addingTimeInterval(Double(index)), status: index == 3 ? .refreshError : .authorized,
                kind: [.oauth, .apiKey, .app][index % 3],
                credential: Credential(accessToken: "secret-\(index)", native: natives[index % natives.count], refreshToken: "refresh-\(index)"),
                email: index == 1 ? "bob@example.com" : nil))
        }
        return document
    }

    /// What `identity ls -o FORMAT` printed before summaries: the decoded identities through `Listing`.
    private static func expected(_ identities: [Identity], _ format: OutputFormat, defaultUser: String?) -> String {
        var listing = Listing(columns: ["id", "service", "userId", "tags", "scope", "expiresAt", "status"],
                              keyOrder: Identity.summaryKeyOrder, fixed: ["id", "userId", "status"], flexible: "tags",
                              droppable: ["scope", "service"])
        listing.shortensIDs = true
        listing.flexibleMinimum = 12
        let now = Date()
        for identity in IdentityFilter().apply(to: identities) {
            let marked = format == .table && identity.userId == defaultUser
            // Past their expiry (all of these are), authorized credentials list as expired.
            let status = IdentitySummary(identity).listedStatus(now: Date())
            let row: [String?] = [identity.id, identity.service, identity.userId + (marked ? " (default)" : ""), identity.tags.description,
                                  identity.credential.scope, identity.credential.expiresAt.map(Timestamp.format), status]
            var shown = row
            shown[5] = identity.credential.expiresAt.map { Age.relative($0, now: now) }
            listing.append(row: row, shown: shown, object: identity.summary.merging(["status": .string(status)]) { $1 })
        }
        return listing.render(format, width: 100)
    }

    @Test(arguments: [false, true])
    func everyFormatPrintsTheDecodedIdentities(handEdited: Bool) async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(at: cli.configDir, withIntermediateDirectories: true)
        let document = try Self.document()
        var bytes = document.encoded()
        if handEdited { bytes = Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8) }
        #expect((StoreScan(bytes: Array(bytes), path: "") == nil) == handEdited)
        try bytes.write(to: cli.store.fileURL)
        for format in OutputFormat.allCases {
            let result = await cli.run(["identity", "ls", "-o", format.rawValue], environment: ["COLUMNS": "100"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(result.stdout == Self.expected(document.identities, format, defaultUser: "bob"), "\(format)")
            #expect(!result.stdout.contains("secret-") && !result.stdout.contains("refresh-"), "\(format)")
        }
        // A credential past its expiry lists as expired; a refused refresh keeps its own status.
        let statuses = await cli.run(["identity", "ls", "-o", "tsv"])
        #expect(statuses.stdout.contains("\texpired\n") && statuses.stdout.contains("\trefresh_error\n"), "\(statuses.stdout)")
        #expect(!statuses.stdout.contains("\t-\t"), "a null is an empty field, never -")
        let filtered = await cli.run(["identity", "ls", "pagerduty", "--user-id", "bob", "--tag", "team=ops", "-o", "ndjson"])
        let bobs = document.identities.filter { $0.userId == "bob" && $0.tags["team"] == "ops" }
        #expect(bobs.count == 2)
        #expect(filtered.stdout == Self.expected(bobs, .ndjson, defaultUser: nil))
        let none = await cli.run(["identity", "ls", "--tag", "team=none", "-o", "json"])
        #expect((none.status, none.stdout) == (0, "[]\n"))
        #expect(try Data(contentsOf: cli.store.fileURL) == bytes, "a listing writes nothing")
    }
}
