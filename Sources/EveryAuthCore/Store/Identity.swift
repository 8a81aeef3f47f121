import Foundation

/// How an identity's token is obtained and sent.
public enum IdentityKind: String, Codable, Sendable, CaseIterable {
    /// Authorized through OAuth; sent as `Authorization: Bearer`, refreshed when near expiry.
    case oauth
    /// A PagerDuty API key; sent as `Authorization: Token token=...`, never refreshed.
    case apiKey
    /// PagerDuty's app (account) token from the client-credentials grant; sent as `Bearer`,
    /// requested again when near expiry (there is no refresh token).
    case app
}

/// Whether an identity can be used as it is.
public enum IdentityStatus: String, Codable, Sendable, CaseIterable {
    case authorized
    /// The last refresh was rejected; the user must run `everyauth authorize` again.
    case refreshError = "refresh_error"
}

/// One user's authorized credential for one service, keyed by the app's own user id.
public struct Identity: Sendable, Equatable {
    /// `idn-` followed by random hex.
    public var id: String
    /// The service the identity is for.
    public var service: String
    /// The app's user id.
    public var userId: String
    /// Labels for selecting identities (`--tag KEY=VALUE`).
    public var tags: IdentityTags
    /// When the identity was first stored.
    public var createdAt: Date
    /// When the identity last changed (a refresh included).
    public var updatedAt: Date
    /// Whether the credential can still be used.
    public var status: IdentityStatus
    /// An OAuth grant or an API key.
    public var kind: IdentityKind
    /// The tokens themselves.
    public var credential: Credential
    /// The PagerDuty user's email (`GET /users/me`, asked once when the identity is stored): the
    /// `From` of writes when neither `--from` nor `$PAGERDUTY_FROM` is given.
    public var email: String?
    /// What the last `identity check` found (nil: never checked).
    package var check: IdentityCheckMark?

    /// An identity with every field given.
    public init(
        id: String = Identity.newID(), service: String, userId: String, tags: IdentityTags = [:],
        createdAt: Date = Date(), updatedAt: Date? = nil, status: IdentityStatus = .authorized,
        kind: IdentityKind, credential: Credential, email: String? = nil
    ) {
        self.id = id
        self.service = service
        self.userId = userId
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.status = status
        self.kind = kind
        self.credential = credential
        self.email = email
    }

    /// Equal when every field is, the identity keys (id, service, user id, email, tags) by bytes
    /// (SPEC §3): a change of a user id to its look-alike is a change, and is written.
    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        IdentityKey.same(lhs.id, rhs.id) && IdentityKey.same(lhs.service, rhs.service) && IdentityKey.same(lhs.userId, rhs.userId)
            && lhs.tags == rhs.tags && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt && lhs.status == rhs.status
            && lhs.kind == rhs.kind && lhs.credential == rhs.credential && IdentityKey.same(lhs.email, rhs.email)
            && lhs.check == rhs.check
    }

    /// A fresh identity id: `idn-` and 16 random bytes in hex.
    public static func newID() -> String {
        "idn-" + SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined()
    }

    /// True when every `KEY=VALUE` in `tags` is on this identity (bytes, SPEC §3).
    public func matches(tags wanted: IdentityTags) -> Bool {
        tags.contains(wanted)
    }
}

/// Which identity a command means: by id, or by service and user id.
public struct IdentitySelector: Sendable, Equatable {
    /// The service the identity is for.
    public var service: ServiceKind
    /// The app's user id.
    public var userId: String?
    /// An identity id (`idn-...`), or nil to select by user id.
    public var id: String?

    /// Names an identity by user id or by id (exactly one of them).
    public init(service: ServiceKind, userId: String? = nil, id: String? = nil) {
        self.service = service
        self.userId = userId
        self.id = id
    }

    /// Index of the matching identity in `identities`, or a not-found error.
    public func index(in identities: [Identity]) throws -> Int {
        let found = identities.firstIndex { identity in
            guard IdentityKey.same(identity.service, service.rawValue) else { return false }
            if let id { return IdentityKey.same(identity.id, id) }
            return IdentityKey.same(identity.userId, userId)
        }
        guard let found else {
            throw LookupError.identityNotFound(service: service.rawValue, userId: userId, id: id)
        }
        return found
    }
}
