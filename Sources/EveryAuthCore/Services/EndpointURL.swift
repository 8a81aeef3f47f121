import Foundation

/// The rule of SPEC.md §2 for every configured URL: `https`, or `http` to a loopback host.
public enum EndpointURL {
    /// Returns the URL when it is acceptable; otherwise a usage error naming `flag`.
    @discardableResult
    public static func validate(_ text: String, flag: String) throws -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw UsageError("\(flag): '\(text)' is not an absolute URL; give one like https://host/path")
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
        guard (0...65535).contains(port) else {
            throw UsageError("\(flag): \(port) is not a port number; give 0 (any free port) to 65535")
        }
    }
}
