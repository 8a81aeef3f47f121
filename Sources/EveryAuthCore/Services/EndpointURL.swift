import Foundation

/// The rule of SPEC.md §2 for every configured URL: `https`, or `http` to a loopback host.
public enum EndpointURL {
    /// Returns the URL when it is acceptable; otherwise a usage error naming `flag`.
    @discardableResult
    public static func validate(_ text: String, flag: String) throws -> URL {
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw UsageError("\(flag): the URL must not contain spaces or control characters")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw UsageError("\(flag): '\(text)' is not an absolute URL; give one like https://host/path")
        }
        // Credentials in a URL would be stored, traced and shown in clear: they belong in --clientSecret.
        if components.user != nil || components.password != nil {
            throw UsageError("\(flag): the URL must not contain a user:password@ part; give the client secret with --clientSecret")
        }
        switch scheme {
        case "https":
            return url
        case "http":
            guard isLoopback(host: host) else {
                throw UsageError("\(flag): '\(text)' must use https (plain http is allowed only to 127.0.0.1, [::1] or localhost)")
            }
            return url
        default:
            throw UsageError("\(flag): '\(text)' must be an https URL")
        }
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let value = Int(part), (0...255).contains(value), !part.isEmpty else { return false }
            return true
        }
    }

    /// Validates a port for `--redirectPort`/`--port` (0 means any free port).
    public static func validatePort(_ port: Int, flag: String) throws {
        guard port >= 0 else { throw UsageError("\(flag): \(port) is not a port number; it must be at least 0 (any free port)") }
        guard port <= 65535 else { throw UsageError("\(flag): \(port) is not a port number; it must be at most 65535") }
    }

    /// `text` with any `user:password@` part shown as `***@`, for display of a hand-edited store.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.user != nil || components.password != nil else { return text }
        components.user = nil
        components.password = nil
        guard let clean = components.string, let schemeEnd = clean.range(of: "://") else { return "***" }
        return clean.replacingCharacters(in: schemeEnd, with: "://***@")
    }
}
