import Foundation
#if !EVERYAUTH_FUZZ
@testable import EveryAuthCore
#endif

/// The oracle of the `callback` fuzz target (and of the seed replay in `swift test`): callback
/// judging (a query at the listener, and the same bytes as a pasted line) yields a code only for
/// the state this flow sent, and never an empty code.
enum CallbackFuzzCheck {
    /// nil when `data` passes, else what failed.
    static func failure(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        let parser = CallbackParser(port: 8765, expectedState: "st4te")
        // The same input judged by a flow that sent another state must never yield a code as well.
        let other = CallbackParser(port: 8765, expectedState: "0ther")
        let judged = [
            (parser.evaluate(path: CallbackParser.path, query: text), other.evaluate(path: CallbackParser.path, query: text)),
            (parser.evaluate(pasted: text), other.evaluate(pasted: text)),
        ]
        for (outcome, foreign) in judged {
            guard case .code(let code) = outcome else { continue }
            if code.isEmpty { return "an empty code was accepted" }
            if case .code = foreign { return "a code was accepted for two different states" }
        }
        return nil
    }
}
