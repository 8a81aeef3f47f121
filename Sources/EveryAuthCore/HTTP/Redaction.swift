import Foundation

/// Scrubs secrets from text meant for traces, logs and error messages (SPEC §4: always redacted).
package enum Redaction {
    /// What replaces a secret.
    package static let mask = "***"

    /// Query, form and JSON field names whose values are always secret.
    package static let secretFieldNames: Set<String> = [
        "code", "code_verifier", "client_secret", "refresh_token", "access_token", "id_token", "token", "password",
    ]

    /// Header names whose values are always secret (a webhook's signature too: it proves nothing
    /// to a reader of a trace, but it is not theirs to replay).
    package static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-everyauth-signature",
    ]

    /// `url` with secret query values and any user-info password replaced by `***`.
    package static func url(_ url: String) -> String {
        var text = url
        var fragment = ""
        if let hash = text.firstIndex(of: "#") {
            fragment = String(text[hash...])
            text = String(text[..<hash])
        }
        if let schemeEnd = text.range(of: "://") {
            let afterScheme = text[schemeEnd.upperBound...]
            let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
            let authority = afterScheme[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                text = String(text[..<schemeEnd.upperBound]) + user + ":" + mask + String(text[at...])
            }
        }
        guard let question = text.firstIndex(of: "?") else { return text + redactedFragment(fragment) }
        let query = String(text[text.index(after: question)...])
        return String(text[...question]) + formBody(query) + redactedFragment(fragment)
    }

    /// An `a=1&b=2` body or query with secret field values replaced by `***` (names and order kept).
    package static func formBody(_ body: String) -> String {
        body.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return String(pair) }
            let name = (String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])).lowercased()
            return secretFieldNames.contains(name) ? "\(parts[0])=\(mask)" : String(pair)
        }.joined(separator: "&")
    }

    /// JSON text with the string values of secret field names replaced by `"***"`.
    package static func json(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        return jsonPattern.stringByReplacingMatches(in: text, range: range, withTemplate: "$1\"\(mask)\"")
    }

    /// A header value fit for display: secret headers keep only their scheme word (`Bearer ***`).
    package static func headerValue(name: String, value: String) -> String {
        guard secretHeaderNames.contains(name.lowercased()) else { return value }
        if let space = value.firstIndex(of: " ") { return "\(value[..<space]) \(mask)" }
        return mask
    }

    /// `text` with every occurrence of the given secret values (empty ones ignored) replaced by `***`.
    package static func secrets(_ secrets: [String], in text: String) -> String {
        // Longest first, so a secret containing another one is masked whole.
        secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { partial, secret in
            var result = partial.replacingOccurrences(of: secret, with: mask)
            let escaped = FormEncoding.escape(secret)
            if escaped != secret { result = result.replacingOccurrences(of: escaped, with: mask) }
            return result
        }
    }

    /// A request or response body fit for display, chosen by its content.
    package static func body(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return json(text) }
        return formBody(text)
    }

    private static func redactedFragment(_ fragment: String) -> String {
        // OAuth implicit-style fragments (`#access_token=...`) are form encoded.
        fragment.isEmpty ? "" : "#" + formBody(String(fragment.dropFirst()))
    }

    // Matches `"name" : "value"` for secret names, the value with escapes; group 1 keeps `"name":`.
    private static let jsonPattern: NSRegularExpression = {
        let names = secretFieldNames.sorted().map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        // The pattern is a constant built from fixed names, so it always compiles.
        return try! NSRegularExpression(pattern: "(\"(?:\(names))\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", options: [.caseInsensitive])
    }()
}
