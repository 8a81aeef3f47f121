import Foundation

/// The credential store could not be opened, read or written (exit 1; `noKey` is a usage error).
public enum StoreError: LocalizedError, Sendable, Equatable {
    /// The file exists but is not a store this version understands; it is left untouched.
    case corrupt(path: String, reason: String)
    /// The file was written by a newer everyauth.
    case unsupportedVersion(path: String, version: Int)
    /// Another process held the lock for too long.
    case lockTimeout(path: String, seconds: Double)
    /// A file-system call failed.
    case io(path: String, operation: String, reason: String)
    /// The config directory, store or lock file could be changed by someone else; `fix` says how to repair it.
    case untrusted(path: String, problem: String, fix: String)
    /// The database server could not be reached or refused the connection; `location` has no password.
    case unreachable(location: String, reason: String, fix: String)
    /// The database server refused a statement for a reason the user can act on.
    case database(location: String, reason: String)
    /// The address's backend is one this program was built without: a PostgreSQL URL given to a
    /// program that links only `EveryAuthCore`. The program's, not the user's, to fix.
    case backendMissing(backend: StoreLocation.Backend, location: String)
    /// `record` is encrypted with the key `keyID`, which is not among the `StoreKeys` given;
    /// nothing was written.
    case keyMissing(keyID: String, record: String, location: String)
    /// The key `keyID` does not open `record`'s value: another key under the same id, or a value
    /// moved from another record or field, or altered; nothing was written.
    case undecryptable(keyID: String, record: String, location: String)
    /// Re-encrypting (`store rekey`) needs a key, and no `StoreKeys` were given.
    case noKey(location: String)

    public var errorDescription: String? {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path) is not a valid everyauth store (\(reason)); it was left untouched: fix or move it away and try again"
        case .unsupportedVersion(let path, let version):
            return "\(path) has store version \(version), which this everyauth does not understand; it was left untouched: upgrade everyauth"
        case .lockTimeout(let path, let seconds):
            return "another everyauth process has held \(path) for over \(Self.format(seconds)) s; try again, or stop the other process"
        case .io(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .untrusted(let path, let problem, let fix):
            return "refusing to use \(path): \(problem); \(fix)"
        case .unreachable(let location, let reason, let fix):
            return "cannot connect to the PostgreSQL store \(location): \(reason); \(fix)"
        case .database(let location, let reason):
            return "the PostgreSQL store \(location) failed: \(reason)"
        case .backendMissing(let backend, let location):
            return "cannot open the store \(location): this program was built without the \(backend == .postgres ? "PostgreSQL" : backend.rawValue) backend; "
                + "a Swift program adds it with the EveryAuthPostgres library (StoreBackends.all)"
        case .keyMissing(let keyID, let record, let location):
            return "\(record) in \(location) is encrypted with the key '\(keyID)', which was not given; nothing was changed"
        case .undecryptable(let keyID, let record, let location):
            return "\(record) in \(location) does not decrypt with the key '\(keyID)': it was encrypted with another key of that id, "
                + "or for another record or field, or altered; nothing was changed"
        case .noKey(let location):
            return "no store key was given to encrypt \(location) with"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
