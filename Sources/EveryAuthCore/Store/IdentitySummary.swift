import Foundation

/// An identity without any token: what `identity ls` shows and what may be logged. A store
/// lists these without building the credentials (`Store.identitySummaries(matching:)`): for
/// 10,000 identities most of a listing's time went into tokens it never prints.
public struct IdentitySummary: Sendable, Equatable {
    /// The identity's id (`idn-...`).
    public var id: String
    /// The service name (`pagerduty`).
    public var service: String
    /// The app's user id.
    public var userId: String
    /// An OAuth grant or an API key.
    public var kind: IdentityKind
    /// The identity's tags.
    public var tags: IdentityTags
    /// The credential's `scope` (`Credential.scope`).
    public var scope: String?
    /// When the access token stops working (`Credential.expiresAt`).
    public var expiresAt: Date?
    /// Whether the credential can still be used.
    public var status: IdentityStatus
    /// When the identity was first stored.
    public var createdAt: Date
    /// When the identity last changed (a refresh included).
    public var updatedAt: Date
    /// What the last `identity check` found (nil: never checked).
    package var check: IdentityCheckMark?

    /// A summary with every field given.
    public init(
        id: String, service: String, userId: String, kind: IdentityKind, tags: IdentityTags, scope: String?,
        expiresAt: Date?, status: IdentityStatus, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.service = service
        self.userId = userId
        self.kind = kind
        self.tags = tags
        self.scope = scope
        self.expiresAt = expiresAt
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Equal when every field is, the identity keys by bytes (SPEC §3).
    public static func == (lhs: IdentitySummary, rhs: IdentitySummary) -> Bool {
        IdentityKey.same(lhs.id, rhs.id) && IdentityKey.same(lhs.service, rhs.service) && IdentityKey.same(lhs.userId, rhs.userId)
            && lhs.kind == rhs.kind && lhs.tags == rhs.tags && lhs.scope == rhs.scope && lhs.expiresAt == rhs.expiresAt
            && lhs.status == rhs.status && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt && lhs.check == rhs.check
    }

    /// What `identity` shows.
    public init(_ identity: Identity) {
        self.init(id: identity.id, service: identity.service, userId: identity.userId, kind: identity.kind, tags: identity.tags,
                  scope: identity.credential.scope, expiresAt: identity.credential.expiresAt, status: identity.status,
                  createdAt: identity.createdAt, updatedAt: identity.updatedAt)
        check = identity.check
    }

    /// Keys of the JSON object, in the order `identity ls -o json` and `authorize -o json` print them.
    public static let keyOrder = ["id", "service", "userId", "kind", "tags", "scope", "expiresAt", "status", "createdAt", "updatedAt", "check"]

    /// The JSON object's members in `keyOrder`.
    public var members: [(key: String, value: JSONValue)] {
        [
            ("id", .string(id)),
            ("service", .string(service)),
            ("userId", .string(userId)),
            ("kind", .string(kind.rawValue)),
            ("tags", .object(tags.jsonObject)),
            ("scope", scope.map { .string($0) } ?? .null),
            ("expiresAt", expiresAt.map { .string(Timestamp.format($0)) } ?? .null),
            ("status", .string(status.rawValue)),
            ("createdAt", .string(Timestamp.format(createdAt))),
            ("updatedAt", .string(Timestamp.format(updatedAt))),
            ("check", check?.json ?? .null),
        ]
    }

    /// The JSON object, as a dictionary.
    public var object: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }
}

extension Identity {
    /// Keys of the token-free view, in the order `identity ls -o json` and `authorize -o json` print them.
    public static var summaryKeyOrder: [String] { IdentitySummary.keyOrder }

    /// The identity without any token, as a JSON object: what may be shown or logged.
    public var summary: [String: JSONValue] { IdentitySummary(self).object }
}
