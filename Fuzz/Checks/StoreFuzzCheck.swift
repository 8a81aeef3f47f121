import Foundation
#if !EVERYAUTH_FUZZ
@testable import EveryAuthCore
#endif

/// The oracle of the `store` fuzz target (and of the seed replay in `swift test`): whatever bytes
/// `everyauth.json` holds, the decoder throws a `StoreError` or returns a document that encodes
/// and decodes to itself, and encodes to the same bytes the second time (the round trip every
/// store update performs).
enum StoreFuzzCheck {
    /// nil when `data` passes, else what failed.
    static func failure(_ data: Data) -> String? {
        let document: StoreDocument
        do {
            document = try StoreDocument.decode(data, path: "fuzz.json")
        } catch let error as StoreError {
            return (error.errorDescription ?? "").contains("\n") ? "a store error spans lines" : nil
        } catch {
            return "decode threw a non-store error: \(error)"
        }
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
}
