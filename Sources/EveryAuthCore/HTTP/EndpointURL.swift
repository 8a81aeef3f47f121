import Foundation

/// The rule of SPEC.md §2 for every configured URL: `https`, or `http` to a loopback host; no
/// `user:password@` part, no spaces. Checked when a URL is set and again whenever one is used.
package enum EndpointURL {
    /// Returns the URL when it is acceptable as the value of `input`; otherwise `InvalidInput`.
    @discardableResult
    package static func validate(_ text: String, as input: InvalidInput.Input) throws(InvalidInput) -> URL {
        switch check(text) {
        case .success(let url): return url
        case .failure(let problem): throw InvalidInput(input, "'\(Redaction.url(text))' \(problem.text)")
        }
    }

    /// Checks a URL about to be used for a request (token, refresh, revocation, API), so that a
    /// hand-edited store or a library caller cannot send a secret in clear; `setting` is where the
    /// URL came from, when known.
    package static func checkBeforeUse(_ text: String, setting: ServiceSettingKey?) throws(UnsafeEndpoint) {
        if case .failure(let problem) = check(text) {
            throw UnsafeEndpoint(url: Redaction.url(text), problem: problem.text, setting: setting)
        }
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    package static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let value = Int(part), (0...255).contains(value), !part.isEmpty else { return false }
            return true
        }
    }

    /// Validates a loopback port, the `redirectPort` setting's or one authorization's (0 means any free port).
    package static func validatePort(_ port: Int, as input: InvalidInput.Input = .port) throws(InvalidInput) {
        guard port >= 0 else { throw InvalidInput(input, "\(port) is not a port number; it must be at least 0 (any free port)") }
        guard port <= 65535 else { throw InvalidInput(input, "\(port) is not a port number; it must be at most 65535") }
    }

    /// Why a URL breaks the rule, completing "'URL' ...".
    private struct Problem: Error {
        let text: String
    }

    private static func check(_ text: String) -> Result<URL, Problem> {
        // ASCII first: Unicode's property lookup cost more than the rest of a request's checks.
        if text.unicodeScalars.contains(where: { scalar in
            scalar == " " || ControlCharacter.isControl(scalar) || (!scalar.isASCII && scalar.properties.isWhitespace)
        }) {
            return .failure(Problem(text: "contains a space or control character; percent-encode it"))
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            return .failure(Problem(text: "is not an absolute URL; give one like https://host/path"))
        }
        if components.user != nil || components.password != nil {
            return .failure(Problem(text: "must not contain a user:password@ part"))
        }
        switch scheme {
        case "https":
            return .success(url)
        case "http":
            guard isLoopback(host: host) else {
                return .failure(Problem(text: "must use https (plain http is allowed only to 127.0.0.1, [::1] or localhost)"))
            }
            return .success(url)
        default:
            return .failure(Problem(text: "must be an https URL"))
        }
    }
}

/// A URL about to be used breaks the rule of `EndpointURL` (it was edited into the store by hand,
/// or given by a library caller): nothing is sent (exit 64). `setting` says which one to fix.
package struct UnsafeEndpoint: LocalizedError, Sendable, Equatable {
    /// The URL, any password removed.
    package let url: String
    /// Why it is refused, completing "it ...".
    package let problem: String
    /// The service setting it came from, when known.
    package let setting: ServiceSettingKey?

    package init(url: String, problem: String, setting: ServiceSettingKey?) {
        self.url = url
        self.problem = problem
        self.setting = setting
    }

    package var errorDescription: String? {
        "refusing to send a request to '\(url)': it \(problem)" + (setting.map { "; fix the service's \($0.name) setting" } ?? "")
    }
}
