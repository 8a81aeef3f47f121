import Foundation

/// The one-line explanation a server put in an error answer, for `HTTPError.retriesExhausted` and callers.
public enum ErrorDetail {
    /// Longest detail kept, in characters.
    public static let maxLength = 200

    /// PagerDuty's `error.message` (with `errors`), an OAuth `error_description`/`error`, or the body's first
    /// line; nil for empty or HTML bodies. Secret values and fields are redacted, control characters
    /// replaced, the length bounded.
    public static func from(_ response: HTTPResponse, secrets: [String] = []) -> String? {
        guard let text = extract(response.body) else { return nil }
        return ServerText.forMessage(text, secrets: secrets, maxLength: maxLength)
    }

    private static func extract(_ body: Data) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                let message = (error["message"] as? String) ?? (error["code"].map { "error code \($0)" })
                let details = (error["errors"] as? [Any])?.compactMap { $0 as? String } ?? []
                let parts = [message].compactMap { $0 } + details
                if !parts.isEmpty { return parts.joined(separator: ": ") }
            }
            if let description = object["error_description"] as? String, !description.isEmpty { return description }
            if let error = object["error"] as? String, !error.isEmpty { return error }
            if let message = object["message"] as? String, !message.isEmpty { return message }
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("<") else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line
    }
}
