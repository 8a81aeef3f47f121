import Foundation

/// libFuzzer entry point: the store decoder must throw a StoreError or return a document that
/// encodes and decodes to itself, and never crash, whatever bytes `everyauth.json` holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStoreDecoder(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let document: StoreDocument
    do {
        document = try StoreDocument.decode(data, path: "fuzz.json")
    } catch is StoreError {
        return 0
    } catch {
        fatalError("decode threw a non-store error: \(error)")
    }
    // What was accepted must survive the round trip the store performs on every update.
    guard let encoded = try? document.encoded() else { fatalError("an accepted document does not encode") }
    guard let again = try? StoreDocument.decode(encoded, path: "fuzz.json"), again == document else {
        fatalError("an accepted document does not decode to itself after encoding")
    }
    return 0
}
