import EveryAuthCore
import Foundation
import PostgresNIO

/// The store's tables, created on first use and migrated by version: `everyauth_schema_version`
/// records each applied migration; each migration runs in its own transaction under an advisory
/// lock, so any number of processes starting at once apply it exactly once.
enum PostgresSchema {
    /// Migration `n` (1-based) brings the schema from version n-1 to n. Append only: a released
    /// migration never changes, or databases migrated by it would differ from new ones.
    static let migrations: [[PostgresQuery]] = [
        // 1: services and identities; identities unique by (service, user id), tags searchable.
        [
            """
            CREATE TABLE everyauth_services (
                name text PRIMARY KEY,
                settings jsonb NOT NULL
            )
            """,
            """
            CREATE TABLE everyauth_identities (
                id text PRIMARY KEY,
                service text NOT NULL,
                user_id text NOT NULL,
                tags jsonb NOT NULL DEFAULT '{}',
                credential jsonb NOT NULL,
                kind text NOT NULL,
                status text NOT NULL,
                email text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                CONSTRAINT everyauth_identities_service_user UNIQUE (service, user_id)
            )
            """,
            "CREATE INDEX everyauth_identities_tags ON everyauth_identities USING gin (tags jsonb_path_ops)",
        ],
        // 2: pending web authorizations (`serve`), purged by expiry.
        [
            """
            CREATE TABLE everyauth_pending_authorizations (
                id text PRIMARY KEY,
                state_hash text NOT NULL,
                service text NOT NULL,
                user_id text NOT NULL,
                code_verifier text NOT NULL,
                redirect_uri text NOT NULL,
                tags jsonb NOT NULL DEFAULT '{}',
                finished_url text,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX everyauth_pending_expires ON everyauth_pending_authorizations (expires_at)",
        ],
        // 3: what the last `identity check` found (`IdentityCheckMark` as JSON; NULL: never checked).
        [
            "ALTER TABLE everyauth_identities ADD COLUMN last_check jsonb",
        ],
    ]

    /// The version this build writes.
    static var current: Int { migrations.count }

    /// An arbitrary constant key for the migration lock (`pg_advisory_xact_lock`), "eVeRyAuTh".
    private static let lockKey: Int64 = 0x6556_6552_7941_7554

    /// The database's schema version: 0 when the version table does not exist yet.
    static func version(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            "SELECT to_regclass('everyauth_schema_version') IS NOT NULL", logger: logger)
        var exists = false
        for try await (value) in rows.decode(Bool.self) { exists = value }
        guard exists else { return 0 }
        var version = 0
        let versions = try await connection.query("SELECT coalesce(max(version), 0) FROM everyauth_schema_version", logger: logger)
        for try await (value) in versions.decode(Int.self) { version = value }
        return version
    }

    /// Brings the schema to `target` (this build's version unless a test asks for an older one).
    /// A database newer than this build is left untouched and reported.
    static func migrate(on connection: PostgresConnection, logger: Logger, location: String, target: Int = current) async throws {
        let found = try await version(on: connection, logger: logger)
        if found > current { throw StoreError.unsupportedVersion(path: location, version: found) }
        if found >= target { return }
        while true {
            let done: Bool = try await transaction(on: connection, logger: logger) {
                try await connection.run("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                try await connection.run("""
                    CREATE TABLE IF NOT EXISTS everyauth_schema_version (
                        version int PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                // Re-read under the lock: another process may have migrated meanwhile.
                let version = try await Self.version(on: connection, logger: logger)
                if version > current { throw StoreError.unsupportedVersion(path: location, version: version) }
                guard version < target else { return true }
                for statement in migrations[version] { try await connection.run(statement, logger: logger) }
                try await connection.run(
                    "INSERT INTO everyauth_schema_version (version) VALUES (\(version + 1))", logger: logger)
                return version + 1 >= target
            }
            if done { return }
        }
    }

    /// Runs `body` between BEGIN and COMMIT; ROLLBACK when it throws.
    static func transaction<T>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T
    ) async throws -> T {
        try await connection.run("BEGIN", logger: logger)
        do {
            let result = try await body()
            try await connection.run("COMMIT", logger: logger)
            return result
        } catch {
            // A broken connection cannot roll back; the server discards the transaction anyway.
            _ = try? await connection.run("ROLLBACK", logger: logger)
            throw error
        }
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows do not matter, to its end: PostgresNIO may deliver a
    /// statement's error (a lock timeout, a unique violation) only while its rows are read, and
    /// an error left unread would let the next statement run in an aborted transaction.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
