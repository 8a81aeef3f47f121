@testable import EveryAuthCLI
import EveryAuthCore
import Foundation
import Testing

/// `identity ls -o json|ndjson` writes each identity's members in order as it goes (`OrderedJSONWriter`),
/// without a dictionary per record: the text must be exactly what `Listing` prints for the objects.
@Suite struct ListingOrderedTests {
    private func identities() -> [Identity] {
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        return [
            Identity(id: "idn-1", service: "pagerduty", userId: "alice \"q\"\n", tags: ["team": "web", "id": "x", "\u{e9}": "\u{1}", "a": ""],
                     createdAt: now, kind: .oauth,
                     credential: Credential(accessToken: "t", native: ["scope": .string("read write"), "expires_at": .number(1_764_003_600_000)])),
            Identity(id: "idn-2", service: "pagerduty", userId: "bob", createdAt: now, status: .refreshError, kind: .apiKey,
                     credential: .apiKey("k")),
            // Tags without a summary key's name: written straight, in byte order.
            Identity(id: "idn-3", service: "pagerduty", userId: "carol", tags: ["team": "web", "Zeta": "\"q\"\n", "\u{e9}": "\u{1}", "a": "", "a\u{301}": "x"],
                     createdAt: now, kind: .app, credential: Credential(accessToken: "t", native: ["expires_at": .number(1)])),
        ]
    }

    private func render(_ identities: [Identity], _ format: OutputFormat, ordered: Bool, members: Bool = false) -> String {
        if ordered {
            var writer = OrderedJSONWriter(pretty: format == .json, keyOrder: Identity.summaryKeyOrder, expected: identities.count)
            for identity in identities {
                // What `identity ls` writes, or the members it stands for.
                if members { writer.append(IdentitySummary(identity).members) } else { writer.append(IdentitySummary(identity), now: .distantPast) }
            }
            return String(decoding: writer.finish(), as: UTF8.self)
        }
        var listing = Listing(columns: ["id"], keyOrder: Identity.summaryKeyOrder)
        for identity in identities { listing.append(row: [], object: identity.summary) }
        return listing.render(format, width: 80)
    }

    @Test(arguments: [OutputFormat.json, .ndjson])
    func orderedMembersPrintAsTheObjectsDo(_ format: OutputFormat) {
        for count in 0...3 {
            let list = Array(identities().prefix(count))
            #expect(render(list, format, ordered: true) == render(list, format, ordered: false), "\(format) of \(count)")
            #expect(render(list, format, ordered: true, members: true) == render(list, format, ordered: false), "\(format) of \(count)")
        }
    }

    /// A long listing is handed to the sink in pieces as it is written: the same bytes in the end.
    @Test(arguments: [OutputFormat.json, .ndjson])
    func spilledPiecesMakeTheSameText(_ format: OutputFormat) {
        let many = (0..<600).flatMap { _ in identities() }
        let sink = OutputSink.memory()
        var writer = OrderedJSONWriter(pretty: format == .json, keyOrder: Identity.summaryKeyOrder, expected: many.count)
        var spilled = 0
        for identity in many {
            writer.append(IdentitySummary(identity), now: .distantPast)
            writer.spill(to: sink)
            if sink.bytes.count > spilled { spilled = sink.bytes.count }
        }
        #expect(spilled >= 1 << 16, "nothing was handed over before the end")
        sink.write(bytes: writer.finish())
        #expect(sink.text == render(many, format, ordered: false))
    }

    @Test func summaryMembersAreTheSummaryInItsKeyOrder() {
        let now = "2025-11-24T16:00:00Z"
        func text(_ value: String) -> JSONValue { .string(value) }
        let expected: [[String: JSONValue]] = [
            ["id": text("idn-1"), "service": text("pagerduty"), "userId": text("alice \"q\"\n"), "kind": text("oauth"),
             "tags": .object(["team": text("web"), "id": text("x"), "\u{e9}": text("\u{1}"), "a": text("")]),
             "scope": text("read write"), "expiresAt": text("2025-11-24T17:00:00Z"), "status": text("authorized"),
             "createdAt": text(now), "updatedAt": text(now), "check": .null],
            ["id": text("idn-2"), "service": text("pagerduty"), "userId": text("bob"), "kind": text("apiKey"), "tags": .object([:]),
             "scope": .null, "expiresAt": .null, "status": text("refresh_error"), "createdAt": text(now), "updatedAt": text(now), "check": .null],
        ]
        for (identity, expected) in zip(identities(), expected) {
            let members = IdentitySummary(identity).members
            #expect(members.map(\.key) == Identity.summaryKeyOrder)
            #expect(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) }) == expected)
            #expect(identity.summary == expected)
        }
    }
}
