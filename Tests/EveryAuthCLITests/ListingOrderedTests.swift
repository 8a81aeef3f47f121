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
        ]
    }

    private func render(_ identities: [Identity], _ format: OutputFormat, ordered: Bool) -> String {
        if ordered {
            var writer = OrderedJSONWriter(pretty: format == .json, keyOrder: Identity.summaryKeyOrder, expected: identities.count)
            for identity in identities { writer.append(identity.summaryMembers) }
            return String(decoding: writer.finish(), as: UTF8.self)
        }
        var listing = Listing(columns: ["id"], keyOrder: Identity.summaryKeyOrder)
        for identity in identities { listing.append(row: [], object: identity.summary) }
        return listing.render(format, width: 80)
    }

    @Test(arguments: [OutputFormat.json, .ndjson])
    func orderedMembersPrintAsTheObjectsDo(_ format: OutputFormat) {
        for count in 0...2 {
            let list = Array(identities().prefix(count))
            #expect(render(list, format, ordered: true) == render(list, format, ordered: false), "\(format) of \(count)")
        }
    }

    @Test func summaryMembersAreTheSummaryInItsKeyOrder() {
        for identity in identities() {
            let members = identity.summaryMembers
            #expect(members.map(\.key) == Identity.summaryKeyOrder)
            #expect(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) }) == identity.summary)
        }
    }
}
