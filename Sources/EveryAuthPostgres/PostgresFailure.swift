import EveryAuthCore
import Foundation
import PostgresNIO

/// Turns PostgresNIO's errors into the store's: one line naming the server (never the password)
/// and what to do. Errors that are not the database's (a refresh's network error thrown by an
/// `updateIdentity` body, a `LookupError`) pass through unchanged.
enum PostgresFailure {
    static func describe(_ error: any Error, address: PostgresAddress, lockTimeout: TimeInterval) -> any Error {
        let location = address.redacted
        let checkURL = "check that PostgreSQL runs there and that --store or EVERYAUTH_STORE_URL is right"
        if error is PostgresConnections.ShutDown {
            return StoreError.database(location: location, reason: "the store was already shut down")
        }
        if let decoding = error as? PostgresDecodingError {
            return StoreError.corrupt(path: location, reason: "column \(decoding.columnName) is not a \(decoding.targetType)")
        }
        if error is NIOConnectionError || error is ChannelError || error is IOError {
            // Our own bootstrap's (PostgresTransport): the socket never reached PostgresNIO.
            return StoreError.unreachable(location: location, reason: reason(error), fix: checkURL)
        }
        guard let failure = error as? PSQLError else { return error }
        switch failure.code {
        case .server:
            let state = failure.serverInfo?[.sqlState] ?? ""
            let message = Redaction.secrets([address.password ?? ""], in: failure.serverInfo?[.message] ?? "no message")
            switch state {
            case "55P03":
                return StoreError.lockTimeout(path: location, seconds: lockTimeout)
            case "28P01", "28000":
                return StoreError.unreachable(location: location, reason: message,
                                              fix: "check the user name and the password (in the URL or PGPASSWORD)")
            case "3D000":
                return StoreError.unreachable(location: location, reason: message,
                                              fix: "create it (createdb \(address.database)) or name another database in the URL")
            case "57P03", "53300", "57P01":
                return StoreError.unreachable(location: location, reason: message, fix: "try again later")
            case "42501":
                return StoreError.database(location: location, reason: "\(message); grant the user CREATE on the database's schema, or let its owner run everyauth once")
            default:
                return StoreError.database(location: location, reason: "\(message) (SQLSTATE \(state))")
            }
        case .connectionError:
            if let refusal = failure.underlying as? PostgresPasswordGuard.Refusal {
                return refused(refusal, address: address)
            }
            if let refusal = PostgresTrustFailure(failure.underlying, address: address) {
                return StoreError.untrusted(path: location, problem: refusal.problem, fix: refusal.fix)
            }
            return StoreError.unreachable(location: location, reason: reason(failure.underlying), fix: checkURL)
        case .sslUnsupported where address.sslMode.verifiesServer:
            return StoreError.untrusted(
                path: location, problem: "the server at \(address.hostAndPort) does not offer TLS, so it cannot prove it is \(address.host)",
                fix: "enable TLS on the server, or, to send the password in clear knowingly, put sslmode=disable in the URL")
        case .sslUnsupported:
            return StoreError.unreachable(location: location, reason: "the server does not offer TLS",
                                          fix: "enable TLS on the server, or put sslmode=prefer or disable in the URL")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return StoreError.unreachable(location: location, reason: "TLS failed (\(reason(failure.underlying)))",
                                          fix: "check sslmode and sslrootcert")
        case .authMechanismRequiresPassword:
            return StoreError.unreachable(location: location, reason: "the server asks for a password",
                                          fix: "give one in the URL (postgres://USER:PASSWORD@...) or in PGPASSWORD")
        case .unsupportedAuthMechanism, .saslError:
            return StoreError.unreachable(location: location, reason: "authentication failed", fix: "check the user name and the password")
        case .serverClosedConnection, .uncleanShutdown:
            return StoreError.unreachable(location: location, reason: "the server closed the connection", fix: checkURL)
        default:
            return StoreError.database(location: location, reason: "\(failure.code)")
        }
    }

    /// The guard's refusal: a password request in a form that reveals it, from a server nobody verified.
    private static func refused(_ refusal: PostgresPasswordGuard.Refusal, address: PostgresAddress) -> any Error {
        switch refusal {
        case .passwordRequested(let cleartext):
            return StoreError.untrusted(
                path: address.redacted,
                problem: "the server at \(address.hostAndPort) asks for the password \(cleartext ? "in cleartext" : "as an MD5 hash"), and nothing verified that server",
                fix: "store the role's password as scram-sha-256 on the server, verify the server (sslmode=verify-full with sslrootcert=FILE), "
                    + "or, to send it anyway, put sslmode=disable in the URL")
        case .unexpectedMessage:
            return StoreError.unreachable(location: address.redacted, reason: "the server answered with something other than PostgreSQL's login messages",
                                          fix: "check that PostgreSQL runs there and that the URL's host and port are right")
        }
    }

    /// A socket-level error in a few words ("Connection refused", "cannot resolve host").
    private static func reason(_ error: (any Error)?) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error) }
            return "cannot resolve host \(error.host)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            if case .connectTimeout = error { return "no answer before the connect timeout" }
            return "\(error)"
        case let error?:
            return "\(error)"
        case nil:
            return "connection failed"
        }
    }
}

/// A TLS handshake that failed because the server's certificate did not pass the checks `sslmode`
/// asks for: what was wrong with it and what the user can do.
struct PostgresTrustFailure {
    var problem: String
    var fix: String

    /// nil when `error` is not about the server's certificate.
    init?(_ error: (any Error)?, address: PostgresAddress) {
        let skip = "or, to skip the check knowingly, put sslmode=require in the URL (whoever answers then gets the password)"
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            problem = "the server's certificate is not for \(address.host)"
            fix = "connect by a name (or address) the certificate holds, " + skip
            return
        }
        guard case .handshakeFailed(let failure)? = error as? NIOSSLError, "\(failure)".contains("CERTIFICATE_VERIFY_FAILED") else {
            return nil
        }
        problem = "the server's certificate is not signed by " + (address.sslRootCert.map { "a CA in \($0)" } ?? "a CA the system trusts")
        fix = "give the CA that signed it as sslrootcert=FILE in the URL (or PGSSLROOTCERT), " + skip
    }
}
