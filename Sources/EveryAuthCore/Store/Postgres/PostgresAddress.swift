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

        /// Reads `text` (`setting` names where it came from in the error).
        init(_ text: String, setting: String, _ bad: (String) -> UsageError) throws {
            guard let mode = SSLMode(rawValue: text) else {
                throw bad("\(setting) '\(text)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = mode
        }
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
        let parsed = try PostgresURL(url)
        func bad(_ problem: String) -> UsageError {
            UsageError("store URL\(parsed.rendered.map { " " + $0 } ?? ""): \(problem); give \(PostgresURL.form)")
        }
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var port = parsed.port
        if port == nil, let text = env("PGPORT") {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw UsageError("PGPORT: '\(text)' is not a port; give a number from 1 to 65535")
            }
            port = value
        }
        var sslMode = parsed.sslMode
        if sslMode == nil, let text = env("PGSSLMODE") {
            sslMode = try SSLMode(text, setting: "PGSSLMODE") { UsageError("\($0); fix or unset PGSSLMODE") }
        }
        let named = parsed.user.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGUSER") ?? env("USER") ?? env("LOGNAME")
        guard let user = named, !user.isEmpty else {
            throw bad("no user name; put one in the URL (postgres://USER@...) or set PGUSER")
        }
        let host = parsed.host.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGHOST") ?? "localhost"
        if host.hasPrefix("/") { throw bad("Unix-domain socket hosts are not supported; give a TCP host") }
        if host.contains(",") { throw UsageError("PGHOST: several hosts are not supported; give one") }
        self.host = host
        self.port = port ?? 5432
        self.user = user
        password = parsed.password ?? env("PGPASSWORD")
        database = parsed.database ?? env("PGDATABASE") ?? user
        self.sslMode = sslMode ?? .prefer
        sslRootCert = parsed.sslRootCert ?? env("PGSSLROOTCERT")
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
