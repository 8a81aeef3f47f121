import Foundation

/// Which identities a listing shows: every condition given must hold.
public struct IdentityFilter: Sendable, Equatable {
    /// Only this service, when set.
    public var service: ServiceKind?
    /// Only this user id, when set.
    public var userId: String?
    /// Only identities carrying every one of these tags.
    public var tags: IdentityTags

    /// Matches identities of `service`, of `userId`, carrying every tag in `tags` (each nil or empty matches all).
    public init(service: ServiceKind? = nil, userId: String? = nil, tags: IdentityTags = [:]) {
        self.service = service
        self.userId = userId
        self.tags = tags
    }

    /// True when `identity` passes every condition.
    public func matches(_ identity: Identity) -> Bool {
        matches(service: identity.service, userId: identity.userId, tags: identity.tags)
    }

    /// True when the identity `summary` shows passes every condition.
    public func matches(_ summary: IdentitySummary) -> Bool {
        matches(service: summary.service, userId: summary.userId, tags: summary.tags)
    }

    /// Every comparison is of bytes (SPEC §3 "Identity keys"), as PostgreSQL compares them.
    private func matches(service: String, userId: String, tags: IdentityTags) -> Bool {
        if let wanted = self.service, !IdentityKey.same(service, wanted.rawValue) { return false }
        if let wanted = self.userId, !IdentityKey.same(userId, wanted) { return false }
        return tags.contains(self.tags)
    }

    /// The matching identities ordered by service, user id and id in byte order (PostgreSQL's
    /// `COLLATE "C"`), so listings are stable and the same on every backend.
    public func apply(to identities: [Identity]) -> [Identity] {
        identities.filter(matches).sorted(by: Self.listingOrder)
    }

    /// True when `a` is listed before `b`: by service, user id, then id, each by bytes.
    public static func listingOrder(_ a: Identity, _ b: Identity) -> Bool {
        if !IdentityKey.same(a.service, b.service) { return IdentityKey.precedes(a.service, b.service) }
        if !IdentityKey.same(a.userId, b.userId) { return IdentityKey.precedes(a.userId, b.userId) }
        return IdentityKey.precedes(a.id, b.id)
    }
}

extension StoreDocument {
    /// Stores `credential` for (`service`, `userId`): an existing identity keeps its id, creation
    /// time and tags (`tags` are merged over them) and gets the new credential, kind and status
    /// `authorized`; otherwise a new identity is appended. Returns the identity as stored.
    @discardableResult
    package mutating func upsertIdentity(
        service: ServiceKind, userId: String, kind: IdentityKind, credential: Credential,
        tags: IdentityTags = [:], email: String? = nil, now: Date = Date()
    ) -> Identity {
        if let index = identityIndex(service: service.rawValue, userId: userId) {
            var identity = identities[index]
            identity.credential = credential
            identity.kind = kind
            identity.status = .authorized
            identity.tags = identity.tags.merging(tags)
            if let email { identity.email = email }
            identity.updatedAt = now
            identities[index] = identity
            return identity
        }
        let identity = Identity(service: service.rawValue, userId: userId, tags: tags, createdAt: now, kind: kind,
                                credential: credential, email: email)
        identities.append(identity)
        return identity
    }

    /// Removes the identity `selector` names and returns it; not found is a `LookupError`.
    @discardableResult
    package mutating func removeIdentity(_ selector: IdentitySelector) throws -> Identity {
        identities.remove(at: try index(of: selector))
    }
}
