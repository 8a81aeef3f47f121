import Foundation

/// libFuzzer entry point: callback judging (a query at the listener, and the same bytes as a pasted
/// line) never crashes, yields a code only for the state this flow sent, and never an empty code.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCallbackParser(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let parser = CallbackParser(port: 8765, expectedState: "st4te")
    // The same input judged by a flow that sent another state must never yield a code as well.
    let other = CallbackParser(port: 8765, expectedState: "0ther")
    let judged = [
        (parser.evaluate(path: CallbackParser.path, query: text), other.evaluate(path: CallbackParser.path, query: text)),
        (parser.evaluate(pasted: text), other.evaluate(pasted: text)),
    ]
    for (outcome, foreign) in judged {
        guard case .code(let code) = outcome else { continue }
        if code.isEmpty { fatalError("an empty code was accepted") }
        if case .code = foreign { fatalError("a code was accepted for two different states") }
    }
    return 0
}
