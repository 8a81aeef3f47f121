import Foundation
import PostgresNIO

/// Where a PostgreSQL store is and how to reach it: a `postgres://` / `postgresql://` URL with
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE` and `PGSSLROOTCERT`
/// filling what it leaves out, as libpq does (SPEC §3 "Backends").
public struct PostgresAddress: Sendable, Equatable {
    /// libpq's `sslmode` values, with libpq's meaning.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// Plain first; this client does not retry with TLS (servers that demand TLS say `require`).
        case allow
        /// TLS when the server offers it, without verifying the certificate (libpq's default).
        case prefer
        /// TLS or nothing, without verifying the certificate (encryption only).
        case require
        /// TLS, certificate chain verified, host name not checked.
        case verifyCA = "verify-ca"
        /// TLS, certificate chain and host name verified.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// Never printed; `description` and `redacted` leave it out.
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// CA certificates (PEM) for `verify-ca`/`verify-full`; the system's trust store when nil.
    public var sslRootCert: String?

    /// Reads `url`, filling the gaps from `environment`. A malformed URL is a `UsageError` that
    /// names the problem and never the password.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let shown = Redaction.url(url)
        func bad(_ problem: String) -> UsageError {
            UsageError("store URL \(shown): \(problem); give postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]")
        }
        guard let schemeEnd = url.range(of: "://"),
              ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased()) else {
            throw bad("not a postgres:// URL")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
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
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        func decoded(_ text: Substring, _ what: String) throws -> String {
            guard let value = String(text).removingPercentEncoding else { throw bad("the \(what) has a broken %-escape") }
            return value
        }
        var user: String?
        var password: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = try decoded(parts[0], "user name")
            if parts.count == 2 { password = try decoded(parts[1], "password") }
        }
        // Host and port: `[v6]:port`, `host:port`, or empty (then PGHOST / localhost).
        var host: String?
        var port: Int?
        var hostPart = rest
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw bad("an IPv6 host lacks its closing ']'") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if !hostPart.isEmpty && !hostPart.hasPrefix(":") { throw bad("unexpected text after the IPv6 host") }
            if hostPart.hasPrefix(":") { hostPart = hostPart.dropFirst() } else { hostPart = "" }
            port = try Self.port(hostPart, bad)
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = try decoded(hostPart[..<colon], "host")
            port = try Self.port(hostPart[hostPart.index(after: colon)...], bad)
        } else if !hostPart.isEmpty {
            host = try decoded(hostPart, "host")
        }
        if host?.contains(",") == true { throw bad("several hosts are not supported; give one") }
        var database = try path.isEmpty ? nil : decoded(path, "database name")
        var sslMode: SSLMode?
        var rootCert: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(parts[0], "parameter name")
            let value = try parts.count == 2 ? decoded(parts[1], "parameter \(name)") : ""
            switch name {
            case "sslmode": sslMode = try Self.sslMode(value, source: "sslmode", bad)
            case "sslrootcert": rootCert = value
            case "host": host = value
            case "port": port = try Self.port(Substring(value), bad)
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name", "connect_timeout": continue
            default: throw bad("unknown parameter '\(name)' (known: sslmode, sslrootcert, host, port, user, dbname)")
            }
        }
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if host == nil || host?.isEmpty == true { host = env("PGHOST") }
        if port == nil, let text = env("PGPORT") {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw UsageError("PGPORT: '\(text)' is not a port; give a number from 1 to 65535")
            }
            port = value
        }
        if user == nil || user?.isEmpty == true { user = env("PGUSER") }
        if password == nil { password = env("PGPASSWORD") }
        if database == nil { database = env("PGDATABASE") }
        if sslMode == nil, let text = env("PGSSLMODE") {
            sslMode = try Self.sslMode(text, source: "PGSSLMODE") { UsageError("\($0); fix or unset PGSSLMODE") }
        }
        if rootCert == nil { rootCert = env("PGSSLROOTCERT") }
        guard let resolvedUser = user ?? env("USER") ?? env("LOGNAME"), !resolvedUser.isEmpty else {
            throw bad("no user name; put one in the URL (postgres://USER@...) or set PGUSER")
        }
        let resolvedHost = host ?? "localhost"
        if resolvedHost.hasPrefix("/") { throw bad("Unix-domain socket hosts are not supported; give a TCP host") }
        self.host = resolvedHost
        self.port = port ?? 5432
        self.user = resolvedUser
        self.password = password
        self.database = database ?? resolvedUser
        self.sslMode = sslMode ?? .prefer
        self.sslRootCert = rootCert
    }

    private static func port(_ text: Substring, _ bad: (String) -> UsageError) throws -> Int? {
        if text.isEmpty { return nil }
        guard let value = Int(text), (1...65535).contains(value) else { throw bad("'\(text)' is not a port (1 to 65535)") }
        return value
    }

    private static func sslMode(_ text: String, source: String, _ bad: (String) -> UsageError) throws -> SSLMode {
        guard let mode = SSLMode(rawValue: text) else {
            throw bad("\(source) '\(text)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mode
    }

    /// `postgres://user@host:port/db?sslmode=...`: everything but the password.
    public var redacted: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)" + (sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)")
    }

    /// `host:port/database`, for connection errors.
    public var endpoint: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)/\(database)"
    }

    /// The same server with another database (tests create one database per test).
    public func with(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }

    /// PostgresNIO's configuration for one connection, TLS as `sslMode` says.
    public func connectionConfiguration(connectTimeout seconds: Int64 = 10) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable, .allow:
            tls = .disable
        case .prefer, .require, .verifyCA, .verifyFull:
            var settings = TLSConfiguration.makeClientConfiguration()
            switch sslMode {
            case .verifyFull: settings.certificateVerification = .fullVerification
            case .verifyCA: settings.certificateVerification = .noHostnameVerification
            default: settings.certificateVerification = .none
            }
            if let sslRootCert { settings.trustRoots = .file(sslRootCert) }
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: settings)
            } catch {
                throw UsageError("store URL \(redacted): cannot set up TLS (\(error)); check sslrootcert/PGSSLROOTCERT")
            }
            tls = sslMode == .prefer ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(seconds)
        if sslMode == .verifyFull { configuration.options.tlsServerName = host }
        return configuration
    }
}
