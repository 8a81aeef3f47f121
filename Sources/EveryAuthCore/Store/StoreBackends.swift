import Foundation

/// The one place that turns a `StoreAddress` into an open `Store` (SPEC §3 "Backends"). The JSON
/// file is always here; PostgreSQL is a backend the program supplies, because its client
/// (PostgresNIO, and with it NIO and a second TLS stack) lives in the `EveryAuthPostgres` library:
/// a program that only reads the file never compiles it. `StoreBackends.fileOnly` is what the core
/// alone can open; `EveryAuthPostgres` adds `StoreBackends.all`, which the command-line tool uses.
///
///     import EveryAuthPostgres
///     let store = try StoreBackends.all.open(try EveryAuthEnvironment().storeAddress())
public struct StoreBackends: Sendable {
    private let postgres: (@Sendable (_ url: String, _ environment: [String: String], _ lockTimeout: TimeInterval) throws -> any Store)?

    /// The JSON file only; a PostgreSQL address is `StoreBackendMissing`.
    public static let fileOnly = StoreBackends(postgres: nil)

    /// The JSON file, and PostgreSQL through `postgres` when given: it opens the PostgreSQL store at
    /// `url`, filling what it leaves out from `environment` and waiting `lockTimeout` seconds for a
    /// lock; nothing need be connected yet.
    public init(postgres: (@Sendable (_ url: String, _ environment: [String: String], _ lockTimeout: TimeInterval) throws -> any Store)?) {
        self.postgres = postgres
    }

    /// Opens the store at `address`; a PostgreSQL store connects on first use.
    public func open(
        _ address: StoreAddress, lockTimeout: TimeInterval = 15, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any Store {
        switch address {
        case .file(let directory):
            return FileStore(directory: directory, lockTimeout: lockTimeout)
        case .postgres(let url):
            guard let postgres else { throw StoreBackendMissing(backend: .postgres, location: address.redacted) }
            return try postgres(url, environment, lockTimeout)
        }
    }
}

/// A store address whose backend this program was built without: a PostgreSQL URL given to a
/// program that links only `EveryAuthCore` (exit 1). The program's, not the user's, to fix.
public struct StoreBackendMissing: LocalizedError, Sendable, Equatable {
    /// The backend the address needs.
    public let backend: StoreLocation.Backend
    /// The address without its password.
    public let location: String

    /// The error for `location`, whose backend is `backend`.
    public init(backend: StoreLocation.Backend, location: String) {
        self.backend = backend
        self.location = location
    }

    public var errorDescription: String? {
        "cannot open the store \(location): this program was built without the \(backend == .postgres ? "PostgreSQL" : backend.rawValue) backend; "
            + "a Swift program adds it with the EveryAuthPostgres library (StoreBackends.all)"
    }
}
