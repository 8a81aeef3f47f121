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
    private let postgres: (@Sendable (_ url: String, _ environment: [String: String], _ lockTimeout: TimeInterval,
                                       _ keys: StoreKeys) throws -> any Store)?

    /// The JSON file only; a PostgreSQL address is `StoreError.backendMissing`.
    public static let fileOnly = StoreBackends(postgres: nil)

    /// The JSON file, and PostgreSQL through `postgres` when given: it opens the PostgreSQL store at
    /// `url`, filling what it leaves out from `environment`, waiting `lockTimeout` seconds for a
    /// lock and encrypting with `keys`; nothing need be connected yet.
    public init(postgres: (@Sendable (_ url: String, _ environment: [String: String], _ lockTimeout: TimeInterval,
                                      _ keys: StoreKeys) throws -> any Store)?) {
        self.postgres = postgres
    }

    /// Opens the store at `address`; a PostgreSQL store connects on first use. Tokens and secrets
    /// are encrypted with `keys`, by default those of `$EVERYAUTH_STORE_KEY` or
    /// `$EVERYAUTH_STORE_KEY_FILE` in `environment` (`StoreKeys(environment:)`), none when unset.
    public func open(
        _ address: StoreAddress, lockTimeout: TimeInterval = 15, environment: [String: String] = ProcessInfo.processInfo.environment,
        keys: StoreKeys? = nil
    ) throws -> any Store {
        let keys = try keys ?? StoreKeys(environment: environment)
        switch address {
        case .file(let directory):
            return FileStore(directory: directory, lockTimeout: lockTimeout, keys: keys)
        case .postgres(let url):
            guard let postgres else { throw StoreError.backendMissing(backend: .postgres, location: address.redacted) }
            return try postgres(url, environment, lockTimeout, keys)
        }
    }
}
