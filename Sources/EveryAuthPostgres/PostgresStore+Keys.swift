import EveryAuthCore
import Foundation
import PostgresNIO

/// `store info`'s counts and `store rekey` on PostgreSQL.
extension PostgresStore: StoreRekeying {
    /// Identities re-encrypted per transaction: each batch holds its rows (`FOR UPDATE`) only
    /// while they are rewritten, so refreshes wait a moment at most, and an interrupted rekey
    /// keeps every batch it committed.
    package static let rekeyBatch = 500

    /// `Store` requirement: backend, schema version, counts, and the keys the records are under.
    public func info() async throws -> StoreInfo {
        let now = PostgresRecords.microseconds(Date())
        return try await withConnection { connection in
            let version = try await PostgresSchema.version(on: connection, logger: logger)
            let rows = try await connection.query("""
                SELECT (SELECT count(*) FROM everyauth_services), (SELECT count(*) FROM everyauth_identities),
                    (SELECT count(*) FROM everyauth_pending_authorizations
                     WHERE expires_at > timestamptz 'epoch' + \(now) * interval '1 microsecond')
                """, logger: logger)
            var counts = (0, 0, 0)
            for try await row in rows.decode((Int, Int, Int).self) { counts = row }
            var info = StoreInfo(location: location, schemaVersion: version, services: counts.0, identities: counts.1, pending: counts.2)
            // Counted where the rows are, as `StoreKeys.usage` counts them: the key id of each
            // string secret (NULL for plaintext), each record once per key id.
            let usage = try await connection.query("""
                WITH secrets AS (
                    SELECT 'i' || i.id AS record, f.value #>> '{}' AS text
                    FROM everyauth_identities AS i, LATERAL (VALUES (i.credential->'accessToken'), (i.credential->'refresh_token'),
                        (i.credential->'native'->'access_token'), (i.credential->'native'->'id_token')) AS f(value)
                    WHERE jsonb_typeof(f.value) = 'string'
                    UNION ALL
                    SELECT 's' || name, settings->>'clientSecret' FROM everyauth_services WHERE jsonb_typeof(settings->'clientSecret') = 'string'
                )
                SELECT CASE WHEN text LIKE 'ea1:%' THEN split_part(text, ':', 2) END, count(DISTINCT record)::int8
                FROM secrets GROUP BY 1
                """, logger: logger)
            for try await (keyID, records) in usage.decode((String?, Int64).self) {
                if let keyID { info.recordsByKey[keyID] = Int(records) } else { info.plaintextRecords = Int(records) }
            }
            return info
        }
    }

    /// Refuses, without keys, a write that would put a new plaintext secret into a database holding
    /// envelopes (`StoreKeys.writesNewPlaintext`). Only such writes (a new identity, a first client
    /// secret) look, and the look stops at the first envelope.
    func checkPlaintext(_ new: StoreKeys.Usage?, over old: StoreKeys.Usage?, on connection: PostgresConnection) async throws {
        guard keys.writesNewPlaintext(new, over: old) else { return }
        let rows = try await connection.query("""
            SELECT v FROM (
                SELECT credential->>'accessToken' AS v FROM everyauth_identities WHERE credential->>'accessToken' LIKE 'ea1:%'
                UNION ALL
                SELECT settings->>'clientSecret' FROM everyauth_services WHERE settings->>'clientSecret' LIKE 'ea1:%'
            ) AS envelopes LIMIT 1
            """, logger: logger)
        for try await text in rows.decode(String.self) {
            if let keyID = StoreEnvelope.keyID(of: text) { throw StoreKeys.plaintextRefused(keyID: keyID, location: location.redacted) }
        }
    }

    /// `StoreRekeying` requirement: the services in one transaction, then the identities in
    /// batches of `rekeyBatch` in id order, each batch one transaction holding its rows.
    package func rekey() async throws -> StoreRekeyCounts {
        guard let encrypting = keys.encrypting else { throw StoreError.noKey(location: location.redacted) }
        let place = location.redacted
        var counts = try await transaction { connection in
            var counts = StoreRekeyCounts(keyID: encrypting.id)
            let rows = try await connection.query(
                "SELECT name, settings::text FROM everyauth_services ORDER BY name FOR UPDATE", logger: logger)
            var changed: [(String, ServiceSettings)] = []
            for try await (name, text) in rows.decode((String, String).self) {
                let settings = try PostgresRecords.settings(text, service: name, location: place)
                guard StoreKeys.usage(of: settings).hasSecret else { continue }
                if let resealed = try keys.resealed(settings, service: name, location: place) {
                    changed.append((name, resealed))
                } else {
                    counts.current += 1
                }
            }
            for (name, settings) in changed {
                try await connection.run(
                    "UPDATE everyauth_services SET settings = \(PostgresRecords.json(settings))::jsonb WHERE name = \(name)", logger: logger)
            }
            counts.reencrypted += changed.count
            return counts
        }
        var after: String?
        while true {
            let batch: (last: String?, counts: StoreRekeyCounts) = try await transaction { connection in
                let rows = try await connection.query("""
                    SELECT \(unescaped: PostgresRecords.identityColumns) FROM everyauth_identities
                    WHERE \(after)::text IS NULL OR id > \(after) ORDER BY id LIMIT \(Self.rekeyBatch) FOR UPDATE
                    """, logger: logger)
                let stored = try await identities(rows)
                var batchCounts = StoreRekeyCounts(keyID: encrypting.id)
                var updates: [JSONValue] = []
                for identity in stored where StoreKeys.usage(of: identity).hasSecret {
                    if let resealed = try keys.resealed(identity, location: place) {
                        updates.append(PostgresRecords.json(resealed, was: identity.id))
                    } else {
                        batchCounts.current += 1
                    }
                }
                try await write(update: updates, on: connection)
                batchCounts.reencrypted = updates.count
                return (stored.last?.id, batchCounts)
            }
            counts.reencrypted += batch.counts.reencrypted
            counts.current += batch.counts.current
            guard let last = batch.last else { break }
            after = last
        }
        return counts
    }
}
