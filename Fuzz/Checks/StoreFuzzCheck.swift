import Foundation
#if !EVERYAUTH_FUZZ
@testable import EveryAuthCore
#endif

/// The oracle of the `store` fuzz target (and of the seed replay in `swift test`): whatever bytes
/// `everyauth.json` holds, the decoder throws a `StoreError` or returns a document that encodes
/// and decodes to itself, and encodes to the same bytes the second time (the round trip every
/// store update performs). And the fast path agrees with it: bytes `StoreScan` accepts are a
/// document the decoder accepts and encodes to exactly those bytes, each identity read alone is
/// the decoder's, so is each summary read without its tokens and every listing of them, lookups
/// find what the decoder's do, and a spliced write is the full encoding.
enum StoreFuzzCheck {
    /// nil when `data` passes, else what failed.
    static func failure(_ data: Data) -> String? {
        let scan = StoreScan(bytes: Array(data), path: "fuzz.json")
        let document: StoreDocument
        do {
            document = try StoreDocument.decode(data, path: "fuzz.json")
        } catch let error as StoreError {
            if scan != nil { return "the scan accepted what the decoder refuses: \(error)" }
            return (error.errorDescription ?? "").contains("\n") ? "a store error spans lines" : nil
        } catch {
            return "decode threw a non-store error: \(error)"
        }
        if let scan, let failure = scanFailure(scan, document, data) { return failure }
        let encoded = document.encoded()
        let again: StoreDocument
        do {
            again = try StoreDocument.decode(encoded, path: "fuzz.json")
        } catch {
            return "an accepted document does not decode after encoding: \(error)"
        }
        if again != document { return "an accepted document does not decode to itself after encoding" }
        if again.encoded() != encoded { return "encoding is not stable" }
        return nil
    }

    /// nil when `scan` (of `data`) agrees with the full decoder's `document`, else what differs.
    static func scanFailure(_ scan: StoreScan, _ document: StoreDocument, _ data: Data) -> String? {
        if document.encoded() != data { return "the scan accepted bytes the encoder would not write" }
        if scan.services != document.services { return "the scan's services differ" }
        guard scan.count == document.identities.count else { return "the scan counts a different number of identities" }
        for (position, expected) in document.identities.enumerated() {
            guard let identity = try? scan.identity(at: position) else { return "identity \(position) does not decode alone" }
            if identity != expected { return "identity \(position) decodes differently alone" }
            guard let summary = scan.listedSummary(at: position) else { return "identity \(position)'s summary is not where the scan expects it" }
            if summary != IdentitySummary(expected) { return "identity \(position)'s summary differs from the decoder's identity" }
            guard let service = ServiceKind(rawValue: expected.service) else { continue }
            for selector in [IdentitySelector(service: service, userId: expected.userId), IdentitySelector(service: service, id: expected.id)] {
                if scan.position(of: selector) != (try? document.index(of: selector)) { return "a lookup finds another identity than the decoder's" }
            }
        }
        // Listings: summaries of the scanned bytes, filtered and ordered, are the decoded identities'.
        var filters = [IdentityFilter(), IdentityFilter(tags: ["team": "web"])]
        if let first = document.identities.first, let service = ServiceKind(rawValue: first.service) {
            filters += [IdentityFilter(service: service), IdentityFilter(service: service, userId: first.userId, tags: first.tags)]
        }
        for filter in filters {
            guard let summaries = try? scan.summaries(matching: filter) else { return "the scan's summaries do not decode" }
            if summaries != filter.apply(to: document.identities).map(IdentitySummary.init) {
                return "a listing of summaries differs from the decoder's identities"
            }
        }
        // Splices: change the first identity, remove the last, append one, change the services.
        var changed = document
        var expected: [UInt8]
        if let first = document.identities.first {
            var edited = first
            edited.userId += "\u{e9}\n"
            edited.tags["spliced"] = "yes"
            changed.identities[0] = edited
            if scan.replacing(0, with: edited).array != Array(changed.encoded()) { return "a spliced change differs from the full encoding" }
            changed = document
            changed.identities.removeLast()
            if scan.replacing(document.identities.count - 1, with: nil).array != Array(changed.encoded()) {
                return "a spliced removal differs from the full encoding"
            }
        }
        changed = document
        let added = Identity(id: "idn-added", service: "pagerduty", userId: "added", createdAt: Date(timeIntervalSince1970: 0),
                             kind: .apiKey, credential: Credential(accessToken: "u+x", native: [:], refreshToken: nil))
        changed.identities.append(added)
        expected = Array(changed.encoded())
        if scan.replacing(nil, with: added).array != expected { return "a spliced insertion differs from the full encoding" }
        changed = document
        changed.services["spliced"] = ServiceSettings(clientId: "c")
        if scan.replacingServices(changed.services).array != Array(changed.encoded()) { return "spliced services differ from the full encoding" }
        return nil
    }
}
