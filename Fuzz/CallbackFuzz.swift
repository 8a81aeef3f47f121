import Foundation

/// libFuzzer entry point: callback judging (a query at the listener, and the same bytes as a pasted
/// line) never crashes and yields a code only for the state this flow sent.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCallbackParser(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let parser = CallbackParser(port: 8765, expectedState: "st4te")
    for outcome in [parser.evaluate(path: CallbackParser.path, query: text), parser.evaluate(pasted: text)] {
        guard case .code(let code) = outcome else { continue }
        if code.isEmpty { fatalError("an empty code was accepted") }
        if !text.contains("st4te") { fatalError("a code was accepted without this flow's state") }
    }
    return 0
}
