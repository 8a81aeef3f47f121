import Foundation

/// Opens the PostgreSQL store at `url` for `StoreAddress.open`. The one door from the rest of the
/// core into this folder: the fuzz build (scripts/fuzz) compiles the core without PostgresNIO and
/// puts a stand-in for this function in its place (Fuzz/Support/PostgresStandIn.swift).
func openPostgresStore(url: String, environment: [String: String], lockTimeout: TimeInterval) throws -> any Store {
    try PostgresStore(url: url, environment: environment, lockTimeout: lockTimeout)
}
