import EveryAuthCore
import Foundation
import PostgresNIO

/// How the store's values become rows and back. Writes send each record as one JSON object that
/// SQL takes apart (`jsonb_array_elements`), so one path serves one row and a whole import; reads
/// take typed columns. JSON is the core's own (`JSONValue`), never Foundation's coders.
enum PostgresRecords {
    // MARK: - Times

    /// Times are kept to the microsecond, as PostgreSQL does; a value read back equals the value
    /// written once both went through `stored(_:)`.
    static func microseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
        return Int64(min(max(value, -9.0e15), 9.0e15))
    }

    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// `date` as it comes back from the database.
    static func stored(_ date: Date) -> Date { self.date(microseconds: microseconds(date)) }

    /// `identity` as it comes back from the database (times to the microsecond).
    static func stored(_ identity: Identity) -> Identity {
        var copy = identity
        copy.createdAt = stored(identity.createdAt)
        copy.updatedAt = stored(identity.updatedAt)
        return copy
    }

    // MARK: - Service settings

    /// The keys that are set, `redirectPort` as a number, plus `defaultUserId`.
    static func json(_ settings: ServiceSettings) -> String {
        var members: [String: JSONValue] = [:]
        for key in settings.setKeys {
            guard let value = settings[key] else { continue }
            members[key.name] = key == .redirectPort ? (Int(value).map { JSONValue.number($0) } ?? .string(value)) : .string(value)
        }
        if let user = settings.defaultUserId { members["defaultUserId"] = .string(user) }
        return JSONValue.object(members).serialized(pretty: false)
    }

    static func settings(_ text: String, service: String, location: String) throws -> ServiceSettings {
        guard let object = try? JSONValue.parse(Data(text.utf8)).objectValue else {
            throw StoreError.corrupt(path: location, reason: "the settings of service \(service) are not a JSON object")
        }
        var settings = ServiceSettings()
        for key in ServiceSettingKey.allCases {
            switch object[key.name] {
            case .string(let value)?: settings[key] = value
            case .number(let value)?: settings[key] = value.literal
            default: continue
            }
        }
        settings.defaultUserId = object["defaultUserId"]?.stringValue
        return settings
    }

    // MARK: - Identities

    /// The columns every identity query selects, in `identity(_:)`'s order.
    static let identityColumns = """
        id, service, user_id, tags::text, credential::text, kind, status, email,
        (extract(epoch FROM created_at) * 1000000)::int8, (extract(epoch FROM updated_at) * 1000000)::int8, last_check::text
        """

    /// The SQL that turns one element `r` of the JSON array into column values, in
    /// `identityColumnNames` order.
    static let identityColumnNames = "id, service, user_id, tags, credential, kind, status, email, created_at, updated_at, last_check"
    static let identityValues = """
        r->>'id', r->>'service', r->>'userId', r->'tags', r->'credential', r->>'kind', r->>'status', r->>'email',
        timestamptz 'epoch' + (r->>'createdAt')::int8 * interval '1 microsecond',
        timestamptz 'epoch' + (r->>'updatedAt')::int8 * interval '1 microsecond',
        r->'check'
        """

    /// One identity as the JSON object `identityValues` reads; `was` is the id of the row it replaces.
    static func json(_ identity: Identity, was: String? = nil) -> JSONValue {
        var credential: [String: JSONValue] = [
            "accessToken": .string(identity.credential.accessToken), "native": .object(identity.credential.native),
        ]
        if let refresh = identity.credential.refreshToken { credential["refresh_token"] = .string(refresh) }
        var members: [String: JSONValue] = [
            "id": .string(identity.id), "service": .string(identity.service), "userId": .string(identity.userId),
            "tags": .object(identity.tags.jsonObject), "credential": .object(credential),
            "kind": .string(identity.kind.rawValue), "status": .string(identity.status.rawValue),
            "createdAt": .string(String(microseconds(identity.createdAt))),
            "updatedAt": .string(String(microseconds(identity.updatedAt))),
        ]
        if let email = identity.email { members["email"] = .string(email) }
        if let check = identity.check { members["check"] = check.json }
        if let was { members["was"] = .string(was) }
        return .object(members)
    }

    /// A JSON array of identities, for one statement.
    static func jsonArray(_ elements: [JSONValue]) -> String {
        JSONValue.array(elements).serialized(pretty: false)
    }

    typealias IdentityRow = (String, String, String, String, String, String, String, String?, Int64, Int64, String?)

    static func identity(_ row: IdentityRow, location: String) throws -> Identity {
        let (id, service, userId, tagsText, credentialText, kindText, statusText, email, created, updated, checkText) = row
        let corrupt = corruption(id: id, location: location)
        let (kind, status, tags) = try labels(kindText, statusText, tagsText, corrupt)
        guard let credentialObject = try? JSONValue.parse(Data(credentialText.utf8)).objectValue,
              let accessToken = credentialObject["accessToken"]?.stringValue else {
            throw corrupt("the credential has no accessToken")
        }
        let credential = Credential(accessToken: accessToken, native: credentialObject["native"]?.objectValue ?? JSONObject(),
                                    refreshToken: credentialObject["refresh_token"]?.stringValue)
        var identity = Identity(id: id, service: service, userId: userId, tags: tags, createdAt: date(microseconds: created),
                                updatedAt: date(microseconds: updated), status: status, kind: kind, credential: credential, email: email)
        identity.check = try check(checkText, corrupt)
        return identity
    }

    /// The columns a summary query selects, in `summary(_:)`'s order: the credential's `native`
    /// `scope` and `expires_at` as JSON text (NULL when absent) and whether it has an access
    /// token, never the tokens themselves.
    static let summaryColumns = """
        id, service, user_id, tags::text, kind, status,
        coalesce(jsonb_typeof(credential->'accessToken') = 'string', false),
        (credential->'native'->'scope')::text, (credential->'native'->'expires_at')::text,
        (extract(epoch FROM created_at) * 1000000)::int8, (extract(epoch FROM updated_at) * 1000000)::int8, last_check::text
        """

    typealias SummaryRow = (String, String, String, String, String, String, Bool, String?, String?, Int64, Int64, String?)

    /// `IdentitySummary(identity(row))` of the full row, by the same rules (`Credential.scope`,
    /// `Credential.expiry`), refused where `identity` refuses it.
    static func summary(_ row: SummaryRow, location: String) throws -> IdentitySummary {
        let (id, service, userId, tagsText, kindText, statusText, hasToken, scopeText, expiresText, created, updated, checkText) = row
        let corrupt = corruption(id: id, location: location)
        let (kind, status, tags) = try labels(kindText, statusText, tagsText, corrupt)
        guard hasToken else { throw corrupt("the credential has no accessToken") }
        func value(_ text: String?) -> JSONValue? { text.flatMap { try? JSONValue.parse(Data($0.utf8)) } }
        var summary = IdentitySummary(id: id, service: service, userId: userId, kind: kind, tags: tags,
                                      scope: Credential.scope(value(scopeText)), expiresAt: Credential.expiry(value(expiresText)),
                                      status: status, createdAt: date(microseconds: created), updatedAt: date(microseconds: updated))
        summary.check = try check(checkText, corrupt)
        return summary
    }

    /// The `last_check` column read back: nil when never checked, corrupt when it is not a mark.
    private static func check(_ text: String?, _ corrupt: (String) -> any Error) throws -> IdentityCheckMark? {
        guard let text else { return nil }
        guard let json = try? JSONValue.parse(Data(text.utf8)), let mark = IdentityCheckMark(json: json) else {
            throw corrupt("last_check is not a check (state, at, reason)")
        }
        return mark
    }

    /// The error for identity `id`'s row.
    private static func corruption(id: String, location: String) -> (String) -> StoreError {
        { reason in StoreError.corrupt(path: location, reason: "identity \(id): \(reason)") }
    }

    /// An identity row's kind, status and tags, checked.
    private static func labels(
        _ kindText: String, _ statusText: String, _ tagsText: String, _ corrupt: (String) -> StoreError
    ) throws -> (IdentityKind, IdentityStatus, IdentityTags) {
        guard let kind = IdentityKind(rawValue: kindText) else { throw corrupt("unknown kind '\(kindText)'") }
        guard let status = IdentityStatus(rawValue: statusText) else { throw corrupt("unknown status '\(statusText)'") }
        guard let tagObject = try? JSONValue.parse(Data(tagsText.utf8)).objectValue else { throw corrupt("tags are not an object") }
        var tags = IdentityTags()
        for (key, value) in tagObject {
            guard let text = value.stringValue else { throw corrupt("tag \(key) is not a string") }
            tags[key] = text
        }
        return (kind, status, tags)
    }

    // MARK: - Pending web authorizations

    static let pendingColumns = """
        id, state_hash, service, user_id, code_verifier, redirect_uri, tags::text, finished_url,
        (extract(epoch FROM created_at) * 1000000)::int8, (extract(epoch FROM expires_at) * 1000000)::int8
        """

    typealias PendingRow = (String, String, String, String, String, String, String, String?, Int64, Int64)

    static func pending(_ row: PendingRow, location: String) throws -> PendingAuthorization {
        let (id, stateHash, service, userId, verifier, redirect, tagsText, finished, created, expires) = row
        var tags: [String: String] = [:]
        for (key, value) in (try? JSONValue.parse(Data(tagsText.utf8)).objectValue) ?? JSONObject() {
            guard let text = value.stringValue else {
                throw StoreError.corrupt(path: location, reason: "pending authorization \(id): tag \(key) is not a string")
            }
            tags[key] = text
        }
        return PendingAuthorization(
            id: id, stateHash: stateHash, service: service, userId: userId, codeVerifier: verifier, redirectURI: redirect,
            tags: tags, finishedURL: finished, createdAt: date(microseconds: created), expiresAt: date(microseconds: expires))
    }

    static func tagsJSON(_ tags: IdentityTags) -> String {
        JSONValue.object(tags.jsonObject).serialized(pretty: false)
    }

    static func tagsJSON(_ tags: [String: String]) -> String {
        tagsJSON(IdentityTags(tags))
    }
}
