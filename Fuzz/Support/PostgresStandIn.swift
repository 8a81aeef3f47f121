import Foundation

/// The fuzz build compiles the core's sources without PostgresNIO (it is not built with the
/// sanitizer here, and no parser the fuzzers reach uses it): `StoreAddress` finds these in place
/// of Sources/EveryAuthCore/Store/Postgres/PostgresStore+Open.swift.
func openPostgresStore(url: String, environment: [String: String], lockTimeout: TimeInterval) throws -> any Store {
    throw FuzzBuildWithoutPostgreSQL()
}

/// What `StoreAddress.redacted` shows for a PostgreSQL URL in the fuzz build.
func postgresStoreLocation(url: String) -> String {
    "postgres://"
}

/// What opening a PostgreSQL store does in the fuzz build.
struct FuzzBuildWithoutPostgreSQL: Error {}
