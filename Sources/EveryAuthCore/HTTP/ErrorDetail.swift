import Foundation

/// The one-line explanation a server put in an error answer, for `TransferError.retriesExhausted` and callers.
package enum ErrorDetail {
    /// Longest detail kept, in characters.
    package static let maxLength = 200

    /// PagerDuty's `error.message` (with `errors`), an OAuth `error_description`/`error`, or the body's first
    /// line; nil for empty or HTML bodies. Secret values and fields are redacted, control characters
    /// replaced, the length bounded.
    package static func from(_ response: HTTPClient.Response, secrets: [String] = []) -> String? {
        guard let text = extract(response.body) else { return nil }
        return ServerText.forMessage(text, secrets: secrets, maxLength: maxLength)
    }

    private static func extract(_ body: Data) -> String? {
        if let object = JSONValue.parseIfJSON(body)?.objectValue {
            if let error = object["error"]?.objectValue {
                // The code is shown as sent: converting a server's number could trap or round.
                let code = error["code"].flatMap { $0 == .null ? nil : "error code " + ($0.stringValue ?? $0.serialized(pretty: false)) }
                let message = error["message"]?.stringValue ?? code
                let details = error["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
                let parts = [message].compactMap { $0 } + details
                if !parts.isEmpty { return parts.joined(separator: ": ") }
            }
            if let description = object["error_description"]?.stringValue, !description.isEmpty { return description }
            if let error = object["error"]?.stringValue, !error.isEmpty { return error }
            if let message = object["message"]?.stringValue, !message.isEmpty { return message }
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("<") else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line
    }
}
