import EveryAuthCore
import Foundation
import PostgresNIO

extension PostgresStore: StoreImporting {
    /// `store migrate`'s source side: every record as stored (envelopes not opened), in one transaction.
    package func exportAll() async throws -> (services: [String: ServiceSettings], identities: [Identity]) {
        try await transaction { connection in
            var services: [String: ServiceSettings] = [:]
            let rows = try await connection.query("SELECT name, settings::text FROM everyauth_services", logger: logger)
            for try await (name, text) in rows.decode((String, String).self) {
                services[name] = try PostgresRecords.settings(text, service: name, location: location.redacted)
            }
            let identities = try await self.identities(connection.query(
                "SELECT \(unescaped: PostgresRecords.identityColumns) FROM everyauth_identities ORDER BY id", logger: logger))
            return (services, identities)
        }
    }

    /// `store migrate`'s target side: one transaction holding both tables against other writers,
    /// reading what is there once and writing only the differences, a few statements in all.
    package func importAll(services: [String: ServiceSettings], identities incoming: [Identity]) async throws -> StoreImportCounts {
        try await transaction { connection in
            try await connection.run(
                "LOCK TABLE everyauth_services, everyauth_identities IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var counts = StoreImportCounts()
            var storedServices: [String: ServiceSettings] = [:]
            let serviceRows = try await connection.query("SELECT name, settings::text FROM everyauth_services", logger: logger)
            for try await (name, text) in serviceRows.decode((String, String).self) {
                storedServices[name] = try PostgresRecords.settings(text, service: name, location: location.redacted)
            }
            for name in services.keys.sorted() {
                guard let settings = services[name] else { continue }
                switch storedServices[name] {
                case nil: counts.servicesAdded += 1
                case let stored? where keys.same(stored, settings, service: name): counts.servicesUnchanged += 1; continue
                default: counts.servicesUpdated += 1
                }
                let sealed = keys.importing(settings, service: name)
                try await connection.run("""
                    INSERT INTO everyauth_services (name, settings) VALUES (\(name), \(PostgresRecords.json(sealed))::jsonb)
                    ON CONFLICT (name) DO UPDATE SET settings = excluded.settings
                    """, logger: logger)
            }

            var plan = ImportPlan(keys: keys, stored: try await self.identities(connection.query(
                "SELECT \(unescaped: PostgresRecords.identityColumns) FROM everyauth_identities", logger: logger)))
            for identity in incoming { plan.add(PostgresRecords.stored(identity), counts: &counts) }
            // Bounded statements: a JSON parameter of a few thousand identities is a few megabytes.
            let batch = 2_000
            let updates = plan.updates
            for start in stride(from: 0, to: updates.count, by: batch) {
                try await write(update: Array(updates[start..<min(start + batch, updates.count)]), on: connection)
            }
            let inserts = plan.inserts
            for start in stride(from: 0, to: inserts.count, by: batch) {
                try await write(insert: Array(inserts[start..<min(start + batch, inserts.count)]), on: connection)
            }
            return counts
        }
    }
}

/// What an import changes, decided in memory with the protocol's matching rule: by id, failing
/// that by (service, user id); a record that reads as the one stored is left alone, and what is
/// written has its plaintext secrets sealed (`StoreKeys.same`, `StoreKeys.importing`).
struct ImportPlan {
    private let keys: StoreKeys
    /// Every identity as it will be, by id (identity keys compare as bytes, SPEC §3).
    private var rows: [IdentityKey: Identity] = [:]
    /// The id each row had in the database (nil: a new row).
    private var original: [IdentityKey: String] = [:]
    private var byKey: [ServiceUser: IdentityKey] = [:]
    private var changed: Set<IdentityKey> = []

    init(keys: StoreKeys, stored: [Identity]) {
        self.keys = keys
        for identity in stored {
            let id = IdentityKey(identity.id)
            rows[id] = identity
            original[id] = identity.id
            byKey[ServiceUser(service: identity.service, userId: identity.userId)] = id
        }
    }

    mutating func add(_ incoming: Identity, counts: inout StoreImportCounts) {
        let identity = keys.importing(incoming)
        let key = ServiceUser(service: identity.service, userId: identity.userId)
        let id = IdentityKey(identity.id)
        guard let matchID = rows[id] != nil ? id : byKey[key], let match = rows[matchID] else {
            rows[id] = identity
            byKey[key] = id
            changed.insert(id)
            counts.identitiesAdded += 1
            return
        }
        if keys.same(match, incoming) {
            counts.identitiesUnchanged += 1
            return
        }
        rows[matchID] = nil
        byKey[ServiceUser(service: match.service, userId: match.userId)] = nil
        changed.remove(matchID)
        rows[id] = identity
        byKey[key] = id
        original[id] = original.removeValue(forKey: matchID)
        changed.insert(id)
        counts.identitiesUpdated += 1
    }

    /// Changed rows that replace a stored one, as `PostgresRecords.json` with `was`.
    var updates: [JSONValue] {
        changed.sorted().compactMap { id in
            guard let was = original[id], let identity = rows[id] else { return nil }
            return PostgresRecords.json(identity, was: was)
        }
    }

    /// Rows that are new.
    var inserts: [JSONValue] {
        changed.sorted().compactMap { id in
            guard original[id] == nil, let identity = rows[id] else { return nil }
            return PostgresRecords.json(identity)
        }
    }
}

extension PostgresStore: StoreCheckRecording {
    /// One statement in one transaction: each row whose id is named gets its mark; the rest of
    /// the row (tokens, envelopes) is not read or written.
    package func recordChecks(_ marks: [IdentityKey: IdentityCheckMark]) async throws {
        guard !marks.isEmpty else { return }
        let rows = marks.map { JSONValue.object(["id": .string($0.key.text), "check": $0.value.json]) }
        try await transaction { connection in
            try await connection.run("""
                UPDATE everyauth_identities AS t SET last_check = r->'check'
                FROM jsonb_array_elements(\(PostgresRecords.jsonArray(rows))::jsonb) AS r
                WHERE t.id = r->>'id'
                """, logger: logger)
        }
    }
}
