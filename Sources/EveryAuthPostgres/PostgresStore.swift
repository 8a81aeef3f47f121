import EveryAuthCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store in a PostgreSQL database (SPEC §3 "Backends"), shared by processes on any number of
/// machines: every method is one transaction, and `updateIdentity` holds the identity's lock from
/// the read to the write, so one expiring credential is refreshed exactly once. Connects on first
/// use and creates or migrates the schema then (`PostgresSchema`).
public final class PostgresStore: Sendable {
    /// Where the database is; its password never leaves this value.
    package let address: PostgresAddress
    /// `postgres` and the URL without its password.
    public let location: StoreLocation
    let connections: PostgresConnections
    let lockTimeout: TimeInterval
    /// The keys that open and seal tokens and secrets (none: plaintext).
    let keys: StoreKeys
    /// Set once the schema was found current on this server, so later calls skip the check.
    private let schemaReady = Mutex(false)

    /// Reads `url`, filling what it leaves out from `environment` (`PGHOST`, `PGPASSWORD`...) and
    /// waiting `lockTimeout` seconds for a lock; a malformed URL is an `InvalidInput` naming the
    /// problem without the password. Nothing is connected yet. Tokens and secrets are encrypted
    /// with the first of `keys` and opened with any of them (SPEC §3 "Encryption at rest").
    public init(url: String, environment: [String: String], lockTimeout: TimeInterval, keys: StoreKeys = StoreKeys()) throws {
        address = try PostgresAddress(url: url, environment: environment)
        location = StoreLocation(backend: .postgres, redacted: address.redacted)
        connections = PostgresConnections(transport: try PostgresTransport(address: address), limit: 16)
        self.lockTimeout = lockTimeout
        self.keys = keys
    }

    var logger: Logger { connections.logger }

    /// Runs `body` on a connection to a database whose schema is current, errors described for users.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await connections.with { connection in
                if !schemaReady.withLock({ $0 }) {
                    try await PostgresSchema.migrate(on: connection, logger: logger, location: location.redacted)
                    schemaReady.withLock { $0 = true }
                }
                return try await body(connection)
            }
        } catch {
            throw PostgresFailure.describe(error, address: address, lockTimeout: lockTimeout)
        }
    }

    /// Runs `body` in one transaction whose lock waits end after the store's lock timeout.
    func transaction<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await PostgresSchema.transaction(on: connection, logger: logger) {
                let milliseconds = String(max(1, Int((lockTimeout * 1000).rounded())))
                try await connection.run("SELECT set_config('lock_timeout', \(milliseconds), true)", logger: logger)
                return try await body(connection)
            }
        }
    }

    /// Migrates the schema only up to `version` (tests of the migration from an older version).
    func migrate(upTo version: Int) async throws {
        do {
            try await connections.with { connection in
                try await PostgresSchema.migrate(on: connection, logger: logger, location: location.redacted, target: version)
            }
        } catch {
            throw PostgresFailure.describe(error, address: address, lockTimeout: lockTimeout)
        }
    }

    /// Takes the transaction-scoped advisory lock of a (kind, name, name) key: it holds a key whose
    /// row may not exist yet, so two first writers of one identity cannot both insert it. Parts are
    /// length-prefixed (text cannot hold NUL); two keys sharing a hash merely wait for each other.
    static func lockKey(_ connection: PostgresConnection, _ parts: [String], logger: Logger) async throws {
        let key = parts.map { "\($0.utf8.count):\($0)" }.joined()
        try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
    }

    /// The identities a query selects, decoded as stored (tokens not opened).
    func identities(_ rows: PostgresRowSequence) async throws -> [Identity] {
        var found: [Identity] = []
        for try await row in rows.decode(PostgresRecords.IdentityRow.self) {
            found.append(try PostgresRecords.identity(row, location: location.redacted))
        }
        return found
    }
}

/// The `Store` requirements, documented there.
extension PostgresStore: Store {
    public func services() async throws -> [String: ServiceSettings] {
        try await withConnection { connection in
            var services: [String: ServiceSettings] = [:]
            let rows = try await connection.query("SELECT name, settings::text FROM everyauth_services", logger: logger)
            for try await (name, settings) in rows.decode((String, String).self) {
                services[name] = try PostgresRecords.settings(settings, service: name, location: location.redacted)
            }
            return try keys.open(services, location: location.redacted)
        }
    }

    public func serviceSettings(_ service: String) async throws -> ServiceSettings? {
        try await withConnection { connection in
            let rows = try await connection.query(
                "SELECT settings::text FROM everyauth_services WHERE name = \(service)", logger: logger)
            for try await (settings) in rows.decode(String.self) {
                let stored = try PostgresRecords.settings(settings, service: service, location: location.redacted)
                return try keys.open(stored, service: service, location: location.redacted)
            }
            return nil
        }
    }

    public func identities(matching filter: IdentityFilter) async throws -> [Identity] {
        try await withConnection { connection in
            try await identities(Self.select(PostgresRecords.identityColumns, matching: filter, on: connection, logger: logger))
                .map { try keys.open($0, location: location.redacted) }
        }
    }

    public func identitySummaries(matching filter: IdentityFilter, _ body: (IdentitySummary) throws -> Void) async throws {
        try await withConnection { connection in
            // Handed over as the rows arrive.
            let rows = try await Self.select(PostgresRecords.summaryColumns, matching: filter, on: connection, logger: logger)
            for try await row in rows.decode(PostgresRecords.SummaryRow.self) {
                try body(try PostgresRecords.summary(row, location: location.redacted))
            }
        }
    }

    public func identity(_ selector: IdentitySelector) async throws -> Identity {
        let found = try await withConnection { connection in
            try await identities(Self.select(selector, forUpdate: false, on: connection, logger: logger))
        }
        guard let identity = found.first else {
            throw LookupError.identityNotFound(service: selector.service.rawValue, userId: selector.userId, id: selector.id)
        }
        return try keys.open(identity, location: location.redacted)
    }

    /// `columns` of the rows `filter` matches, ordered by service, user id and id.
    static func select(
        _ columns: String, matching filter: IdentityFilter, on connection: PostgresConnection, logger: Logger
    ) async throws -> PostgresRowSequence {
        let tags = PostgresRecords.tagsJSON(filter.tags)
        return try await connection.query("""
            SELECT \(unescaped: columns) FROM everyauth_identities
            WHERE (\(filter.service?.rawValue)::text IS NULL OR service = \(filter.service?.rawValue))
              AND (\(filter.userId)::text IS NULL OR user_id = \(filter.userId))
              AND tags @> \(tags)::jsonb
            ORDER BY service COLLATE "C", user_id COLLATE "C", id COLLATE "C"
            """, logger: logger)
    }

    /// The rows `selector` names (at most one), locked for the transaction when `forUpdate`.
    static func select(
        _ selector: IdentitySelector, forUpdate: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> PostgresRowSequence {
        let lock = forUpdate ? "FOR UPDATE" : ""
        let service = selector.service.rawValue
        if let id = selector.id {
            return try await connection.query("""
                SELECT \(unescaped: PostgresRecords.identityColumns) FROM everyauth_identities
                WHERE id = \(id) AND service = \(service) \(unescaped: lock)
                """, logger: logger)
        }
        return try await connection.query("""
            SELECT \(unescaped: PostgresRecords.identityColumns) FROM everyauth_identities
            WHERE service = \(service) AND user_id = \(selector.userId) \(unescaped: lock)
            """, logger: logger)
    }

    public func updateService<T: Sendable>(_ service: String, _ body: (inout ServiceSettings?) throws -> T) async throws -> T {
        try await transaction { connection in
            try await Self.lockKey(connection, ["service", service], logger: logger)
            var stored: ServiceSettings?
            let rows = try await connection.query(
                "SELECT settings::text FROM everyauth_services WHERE name = \(service) FOR UPDATE", logger: logger)
            for try await (text) in rows.decode(String.self) {
                stored = try PostgresRecords.settings(text, service: service, location: location.redacted)
            }
            let opened = try stored.map { try keys.open($0, service: service, location: location.redacted) }
            var settings = opened
            let result = try body(&settings)
            guard settings != opened else { return result }
            if let settings = settings.map({ keys.seal($0, service: service, replacing: stored, opened: opened) }) {
                try await checkPlaintext(StoreKeys.usage(of: settings), over: stored.map { StoreKeys.usage(of: $0) }, on: connection)
                try await connection.run("""
                    INSERT INTO everyauth_services (name, settings) VALUES (\(service), \(PostgresRecords.json(settings))::jsonb)
                    ON CONFLICT (name) DO UPDATE SET settings = excluded.settings
                    """, logger: logger)
            } else {
                try await connection.run("DELETE FROM everyauth_services WHERE name = \(service)", logger: logger)
            }
            return result
        }
    }

    public func updateIdentity<T: Sendable>(_ selector: IdentitySelector, _ body: (inout Identity?) async throws -> T) async throws -> T {
        try await transaction { connection in
            if selector.id == nil, let userId = selector.userId {
                try await Self.lockKey(connection, ["identity", selector.service.rawValue, userId], logger: logger)
            }
            var stored: Identity?
            if selector.id != nil || selector.userId != nil {
                stored = try await identities(Self.select(selector, forUpdate: true, on: connection, logger: logger)).first
            }
            let opened = try stored.map { try keys.open($0, location: location.redacted) }
            // The network may be called here (a refresh), with the row and key still held.
            var identity = opened
            let result = try await body(&identity)
            try Identity.checkWrite(identity, replacing: opened)
            switch (stored, identity) {
            case (let old?, let new?):
                guard PostgresRecords.stored(new) != opened else { break }
                let sealed = keys.seal(new, replacing: old, opened: opened)
                try await checkPlaintext(StoreKeys.usage(of: sealed), over: StoreKeys.usage(of: old), on: connection)
                try await write(update: [PostgresRecords.json(sealed, was: old.id)], on: connection)
            case (let old?, nil):
                try await connection.run("DELETE FROM everyauth_identities WHERE id = \(old.id)", logger: logger)
            case (nil, let new?):
                let sealed = keys.seal(new)
                try await checkPlaintext(StoreKeys.usage(of: sealed), over: nil, on: connection)
                try await write(insert: [PostgresRecords.json(sealed)], on: connection)
            case (nil, nil):
                break
            }
            return result
        }
    }

    /// Inserts identities given as `PostgresRecords.json` objects.
    func write(insert rows: [JSONValue], on connection: PostgresConnection) async throws {
        guard !rows.isEmpty else { return }
        try await connection.run("""
            INSERT INTO everyauth_identities (\(unescaped: PostgresRecords.identityColumnNames))
            SELECT \(unescaped: PostgresRecords.identityValues) FROM jsonb_array_elements(\(PostgresRecords.jsonArray(rows))::jsonb) AS r
            """, logger: logger)
    }

    /// Replaces the identities named by each object's `was` with the object's values.
    func write(update rows: [JSONValue], on connection: PostgresConnection) async throws {
        guard !rows.isEmpty else { return }
        try await connection.run("""
            UPDATE everyauth_identities AS t SET (\(unescaped: PostgresRecords.identityColumnNames)) =
                (\(unescaped: PostgresRecords.identityValues))
            FROM jsonb_array_elements(\(PostgresRecords.jsonArray(rows))::jsonb) AS r
            WHERE t.id = r->>'was'
            """, logger: logger)
    }

    /// The key of the pending state's own lock (`pg_advisory_xact_lock`), "eVeRyPnd": saves are
    /// serialized by it alone, so the limits hold across instances and identity rows are never waited on.
    private static let pendingLockKey: Int64 = 0x6556_6552_7950_6e64

    public func savePending(_ pending: PendingAuthorization, limits: PendingAuthorization.Limits) async throws {
        try UserID.validate(pending.userId)
        let now = PostgresRecords.microseconds(Date())
        // At most 10,000 short rows (the limit): the scans below need no index of their own.
        try await transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.pendingLockKey))", logger: logger)
            try await connection.run("""
                DELETE FROM everyauth_pending_authorizations
                WHERE expires_at <= timestamptz 'epoch' + \(now) * interval '1 microsecond' OR id = \(pending.id)
                """, logger: logger)
            // The user's newest `perUser - 1` stay; the new one makes `perUser`. Text equality is bytewise.
            try await connection.run("""
                DELETE FROM everyauth_pending_authorizations WHERE id IN (
                    SELECT id FROM everyauth_pending_authorizations WHERE user_id = \(pending.userId)
                    ORDER BY created_at DESC, id DESC OFFSET \(limits.perUser - 1))
                """, logger: logger)
            var kept = 0
            for try await count in try await connection.query(
                "SELECT count(*) FROM everyauth_pending_authorizations", logger: logger).decode(Int.self) { kept = count }
            // Thrown inside the transaction: the deletes above roll back with it.
            if kept >= limits.total { throw PendingLimitReached(limit: limits.total) }
            try await connection.run("""
                INSERT INTO everyauth_pending_authorizations
                    (id, state_hash, service, user_id, code_verifier, redirect_uri, tags, finished_url, created_at, expires_at)
                VALUES (\(pending.id), \(pending.stateHash), \(pending.service), \(pending.userId), \(pending.codeVerifier),
                    \(pending.redirectURI), \(PostgresRecords.tagsJSON(pending.tags))::jsonb, \(pending.finishedURL),
                    timestamptz 'epoch' + \(PostgresRecords.microseconds(pending.createdAt)) * interval '1 microsecond',
                    timestamptz 'epoch' + \(PostgresRecords.microseconds(pending.expiresAt)) * interval '1 microsecond')
                """, logger: logger)
        }
    }

    public func takePending(id: String, stateHash: String, now: Date) async throws -> PendingAuthorization? {
        let cutoff = PostgresRecords.microseconds(now)
        // One statement: the entry is gone for every other caller the moment it is returned, and only
        // when the secret's hash matches too (a forged secret for a known id removes nothing).
        return try await withConnection { connection in
            let rows = try await connection.query("""
                DELETE FROM everyauth_pending_authorizations
                WHERE (id = \(id) AND state_hash = \(stateHash))
                    OR expires_at <= timestamptz 'epoch' + \(cutoff) * interval '1 microsecond'
                RETURNING \(unescaped: PostgresRecords.pendingColumns)
                """, logger: logger)
            var found: PendingAuthorization?
            for try await row in rows.decode(PostgresRecords.PendingRow.self) {
                let pending = try PostgresRecords.pending(row, location: location.redacted)
                if IdentityKey.same(pending.id, id), ConstantTime.equal(pending.stateHash, stateHash), pending.expiresAt > now {
                    found = pending
                }
            }
            return found
        }
    }

    public func shutdown() async {
        await connections.shutdown()
    }
}
