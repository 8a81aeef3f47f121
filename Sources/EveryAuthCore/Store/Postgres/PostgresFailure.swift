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
            return StoreError.unreachable(location: location, reason: reason(failure.underlying), fix: checkURL)
        case .sslUnsupported:
            return StoreError.unreachable(location: location, reason: "the server does not offer TLS",
                                          fix: "use sslmode=disable or prefer, or enable ssl on the server")
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
