import Foundation

/// A `postgres://` / `postgresql://` URL read into its pieces as written, before the environment
/// fills the gaps (`PostgresAddress`). Every message about a store URL is built from these pieces,
/// never from its text, so the password is never in one (SPEC §3 "Backends").
struct PostgresURL: Sendable, Equatable {
    var user: String?
    /// Never shown.
    var password: String?
    var host: String?
    var port: Int?
    var database: String?
    var sslMode: PostgresAddress.SSLMode?
    var sslRootCert: String?

    /// The form every store URL message suggests.
    static let form = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]"

    /// Reads `text`; a malformed URL is an `InvalidInput` naming the problem and the pieces read so far.
    init(_ text: String) throws {
        func bad(_ problem: String) -> InvalidInput {
            InvalidInput(.store("store URL\(rendered.map { " " + $0 } ?? "")"), "\(problem); give \(Self.form)")
        }
        guard let schemeEnd = text.range(of: "://"),
              ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw bad("not a postgres:// URL")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        // The authority ends at the first '/', '?' or '#' (as libpq reads it). An '@' after that is a
        // user name or password holding one of them unencoded (`app:pa/ss@db`): read as written, its
        // start would become the host and port and its end the database, shown in every message.
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        if rest[authorityEnd...].contains("@") {
            throw bad("'@' after the host part: percent-encode '/', '?', '#' and '@' in a user name or password "
                + "(%2F, %3F, %23, %40), and '@' in a database name or parameter")
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query = Substring("")
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        func decoded(_ piece: Substring, _ what: String) throws -> String {
            guard let value = String(piece).removingPercentEncoding else { throw bad("the \(what) has a broken %-escape") }
            return value
        }
        if let at = rest.lastIndex(of: "@") {
            let parts = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = try decoded(parts[0], "user name")
            if parts.count == 2 { password = try decoded(parts[1], "password") }
            rest = rest[rest.index(after: at)...]
        }
        // Host and port: `[v6]:port`, `host:port`, or empty (then PGHOST / localhost).
        var hostPart = rest
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw bad("an IPv6 host lacks its closing ']'") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if !hostPart.isEmpty && !hostPart.hasPrefix(":") { throw bad("unexpected text after the IPv6 host") }
            port = try Self.port(hostPart.dropFirst(), bad)
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = try decoded(hostPart[..<colon], "host")
            port = try Self.port(hostPart[hostPart.index(after: colon)...], bad)
        } else if !hostPart.isEmpty {
            host = try decoded(hostPart, "host")
        }
        if host?.contains(",") == true { throw bad("several hosts are not supported; give one") }
        if !path.isEmpty { database = try decoded(path, "database name") }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(parts[0], "parameter name")
            let value = try parts.count == 2 ? decoded(parts[1], "parameter \(name)") : ""
            switch name {
            case "sslmode": sslMode = try PostgresAddress.SSLMode(value, setting: "sslmode", bad)
            case "sslrootcert": sslRootCert = value
            case "host":
                if value.contains(",") { throw bad("several hosts are not supported; give one") }
                host = value
            case "port": port = try Self.port(Substring(value), bad)
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name", "connect_timeout": continue
            default: throw bad("unknown parameter '\(name)' (known: sslmode, sslrootcert, host, port, user, password, dbname)")
            }
        }
    }

    /// A port, or nil when empty. The text is not quoted back: in a URL missing its '@'
    /// (`postgres://app:secret/db`) it is the password.
    static func port(_ text: Substring, _ bad: (String) -> InvalidInput) throws -> Int? {
        if text.isEmpty { return nil }
        guard let value = Int(text), (1...65535).contains(value) else { throw bad("the port is not a number from 1 to 65535") }
        return value
    }

    /// The URL rebuilt from its pieces without the password (`postgres://app@db:5432/x?sslmode=require`);
    /// nil when nothing was read yet.
    var rendered: String? {
        if user == nil && host == nil && port == nil && database == nil && sslMode == nil { return nil }
        let shownHost = host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        return "postgres://" + (user.map { "\($0)@" } ?? "") + shownHost + (port.map { ":\($0)" } ?? "")
            + (database.map { "/\($0)" } ?? "") + (sslMode.map { "?sslmode=\($0.rawValue)" } ?? "")
    }

    /// What `StoreAddress.redacted` shows for `text`: the URL rebuilt from its pieces, or, when it
    /// does not parse, no more than that it is a PostgreSQL URL.
    static func location(_ text: String) -> String {
        (try? PostgresURL(text))?.rendered ?? "postgres://(a URL that does not parse)"
    }
}
