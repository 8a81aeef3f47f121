import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a PostgreSQL store is and how to reach it: a `postgres://` / `postgresql://` URL with
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE` and `PGSSLROOTCERT`
/// filling what it leaves out, as libpq does (SPEC §3 "Backends"). Unlike libpq, the default
/// `sslmode` of a host other than loopback is `verify-full`.
package struct PostgresAddress: Sendable, Equatable {
    /// libpq's `sslmode` values, with libpq's meaning.
    package enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// Plain; this client never retries with TLS (servers that demand TLS say `require`).
        case allow
        /// TLS when the server offers it, without verifying the certificate (the default on loopback).
        case prefer
        /// TLS or nothing, without verifying the certificate (encryption only).
        case require
        /// TLS, certificate chain verified, host name not checked.
        case verifyCA = "verify-ca"
        /// TLS, certificate chain and host name verified (the default for a host other than loopback).
        case verifyFull = "verify-full"

        /// Whether the server must prove who it is with a certificate from a trusted CA.
        package var verifiesServer: Bool { self == .verifyCA || self == .verifyFull }

        /// Reads `text` (`setting`, when given, names where it came from in the problem).
        init(_ text: String, setting: String?, _ bad: (String) -> InvalidInput) throws {
            guard let mode = SSLMode(rawValue: text) else {
                throw bad("\(setting.map { $0 + " " } ?? "")'\(text)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = mode
        }
    }

    /// Where `sslMode` came from.
    package enum SSLModeSource: Sendable, Equatable {
        /// The URL's `sslmode` parameter.
        case url
        /// `PGSSLMODE`.
        case environment
        /// Nothing said: `verify-full`, or `prefer` on a loopback host.
        case hostDefault
    }

    package var host: String
    package var port: Int
    package var user: String
    /// Never printed; `description` and `redacted` leave it out.
    package var password: String?
    package var database: String
    package var sslMode: SSLMode
    package var sslModeSource: SSLModeSource
    /// CA certificates (PEM) for `verify-ca`/`verify-full`; the system's trust store when nil.
    package var sslRootCert: String?

    /// Reads `url`, filling the gaps from `environment`. A malformed URL is an `InvalidInput` that
    /// names the problem and never the password.
    package init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let parsed = try PostgresURL(url)
        func bad(_ problem: String) -> InvalidInput {
            InvalidInput(.store("store URL\(parsed.rendered.map { " " + $0 } ?? "")"), "\(problem); give \(PostgresURL.form)")
        }
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var port = parsed.port
        if port == nil, let text = env("PGPORT") {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw InvalidInput(.environment("PGPORT"), "'\(text)' is not a port; give a number from 1 to 65535")
            }
            port = value
        }
        var sslMode = parsed.sslMode.map { ($0, SSLModeSource.url) }
        if sslMode == nil, let text = env("PGSSLMODE") {
            sslMode = (try SSLMode(text, setting: nil) { InvalidInput(.environment("PGSSLMODE"), "\($0); fix or unset it") }, .environment)
        }
        let named = parsed.user.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGUSER") ?? env("USER") ?? env("LOGNAME")
        guard let user = named, !user.isEmpty else {
            throw bad("no user name; put one in the URL (postgres://USER@...) or set PGUSER")
        }
        let host = parsed.host.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGHOST") ?? "localhost"
        if host.hasPrefix("/") { throw bad("Unix-domain socket hosts are not supported; give a TCP host") }
        if host.contains(",") { throw InvalidInput(.environment("PGHOST"), "several hosts are not supported; give one") }
        self.host = host
        self.port = port ?? 5432
        self.user = user
        password = parsed.password ?? env("PGPASSWORD")
        database = parsed.database ?? env("PGDATABASE") ?? user
        self.sslMode = sslMode?.0 ?? (Self.isLoopback(host) ? .prefer : .verifyFull)
        sslModeSource = sslMode?.1 ?? .hostDefault
        sslRootCert = parsed.sslRootCert ?? env("PGSSLROOTCERT")
    }

    /// Whether `host`, as written, is this machine: `localhost` or a loopback IP address. The text
    /// decides, never what a name resolves to (a DNS answer can be forged), as for libpq's defaults.
    package static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        let mappedV4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        return bytes == [UInt8](repeating: 0, count: 15) + [1] || (mappedV4 && bytes[12] == 127)
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    package static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// What a connection to this address exposes, for a warning: an `sslmode` the URL or
    /// `PGSSLMODE` chose that lets a server that is not verified see the password and the tokens,
    /// on a host other than loopback. nil when the server is verified, or the host is loopback.
    package var risk: Risk? {
        guard !Self.isLoopback(host) else { return nil }
        let setting = (sslModeSource == .environment ? "PGSSLMODE=" : "sslmode=") + sslMode.rawValue
        switch sslMode {
        case .disable, .allow: return Risk(host: host, setting: setting, kind: .unencrypted)
        case .prefer: return Risk(host: host, setting: setting, kind: .unverifiedIfOffered)
        case .require: return Risk(host: host, setting: setting, kind: .unverified)
        case .verifyCA: return sslRootCert == nil ? Risk(host: host, setting: setting, kind: .anyNameFromSystemCAs) : nil
        case .verifyFull: return nil
        }
    }

    /// The risk of an `sslmode` chosen knowingly, as one line for a warning.
    package struct Risk: Sendable, Equatable, CustomStringConvertible {
        package enum Kind: Sendable, Equatable {
            /// `disable`, `allow`: no TLS.
            case unencrypted
            /// `prefer`: TLS only when offered, never verified.
            case unverifiedIfOffered
            /// `require`: TLS, never verified.
            case unverified
            /// `verify-ca` without `sslrootcert`: any certificate a system CA signed, for any name.
            case anyNameFromSystemCAs
        }

        package var host: String
        /// `sslmode=MODE` or `PGSSLMODE=MODE`.
        package var setting: String
        package var kind: Kind

        package var description: String {
            let exposed = "whoever answers for \(host) gets the password and the tokens"
            switch kind {
            case .unencrypted:
                return "\(setting) on \(host): the connection is not encrypted: the password and the tokens cross the network in clear; use sslmode=verify-full"
            case .unverifiedIfOffered:
                return "\(setting) on \(host): TLS only if the server offers it, and its certificate is not verified: \(exposed); use sslmode=verify-full"
            case .unverified:
                return "\(setting) on \(host): the server's certificate is not verified: \(exposed); use sslmode=verify-full (with sslrootcert=FILE for a private CA)"
            case .anyNameFromSystemCAs:
                return "\(setting) on \(host) without sslrootcert: a certificate for any name from any CA the system trusts is accepted; use sslmode=verify-full, or give sslrootcert=FILE"
            }
        }
    }

    /// Whether a request for the password in cleartext or as MD5 must be refused (libpq's
    /// `require_auth=scram-sha-256`): when a password is set, the server is not verified, and
    /// nobody chose that `sslmode` (the loopback default). SCRAM never reveals the password.
    package var refusesPasswordToUnverifiedServer: Bool {
        password != nil && !sslMode.verifiesServer && sslModeSource == .hostDefault
    }

    /// `postgres://user@host:port/db`, with `?sslmode=...` when one was chosen: everything but the password.
    package var redacted: String {
        "postgres://\(user)@\(endpoint)" + (sslModeSource == .hostDefault ? "" : "?sslmode=\(sslMode.rawValue)")
    }

    /// `host:port/database`, for connection errors.
    package var endpoint: String {
        "\(hostAndPort)/\(database)"
    }

    /// `host:port` (`[v6]:port`).
    package var hostAndPort: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    /// The same server with another database (tests create one database per test).
    package func with(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }
}
