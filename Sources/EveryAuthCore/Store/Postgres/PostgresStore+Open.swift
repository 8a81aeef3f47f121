import Foundation

// The doors from the rest of the core into this folder: the fuzz build (scripts/fuzz) compiles the
// core without PostgresNIO and puts stand-ins for these functions in their place
// (Fuzz/Support/PostgresStandIn.swift).

/// Opens the PostgreSQL store at `url` for `StoreAddress.open`.
func openPostgresStore(url: String, environment: [String: String], lockTimeout: TimeInterval) throws -> any Store {
    try PostgresStore(url: url, environment: environment, lockTimeout: lockTimeout)
}

/// `StoreAddress.redacted` of a PostgreSQL URL: rebuilt from its parsed pieces, never from its text.
func postgresStoreLocation(url: String) -> String {
    PostgresURL.location(url)
}
