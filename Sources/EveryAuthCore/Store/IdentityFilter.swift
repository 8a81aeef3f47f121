import Foundation

/// Which identities a listing shows: every condition given must hold.
public struct IdentityFilter: Sendable, Equatable {
    /// Only this service, when set.
    public var service: ServiceKind?
    /// Only this user id, when set.
    public var userId: String?
    /// Only identities carrying every one of these tags.
    public var tags: [String: String]

    public init(service: ServiceKind? = nil, userId: String? = nil, tags: [String: String] = [:]) {
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

    private func matches(service: String, userId: String, tags: [String: String]) -> Bool {
        if let wanted = self.service, service != wanted.rawValue { return false }
        if let wanted = self.userId, userId != wanted { return false }
        return self.tags.allSatisfy { tags[$0.key] == $0.value }
    }

    /// The matching identities ordered by service, user id and id, so listings are stable.
    public func apply(to identities: [Identity]) -> [Identity] {
        identities.filter(matches).sorted { a, b in
            (a.service, a.userId, a.id) < (b.service, b.userId, b.id)
        }
    }
}

/// `KEY=VALUE` tags as given on the command line.
public enum IdentityTags {
    /// Parses `pairs`; a pair without `=` or with an empty key is a usage error naming `flag`.
    /// A key given twice keeps its last value.
    public static func parse(_ pairs: [String], flag: String = "--tag") throws -> [String: String] {
        var tags: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError("\(flag): '\(pair)' is not KEY=VALUE; give tags like --tag team=web")
            }
            tags[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return tags
    }

    /// `k=v,k2=v2` in key order, for tables.
    public static func format(_ tags: [String: String]) -> String {
        tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

extension StoreDocument {
    /// Stores `credential` for (`service`, `userId`): an existing identity keeps its id, creation
    /// time and tags (`tags` are merged over them) and gets the new credential, kind and status
    /// `authorized`; otherwise a new identity is appended. Returns the identity as stored.
    @discardableResult
    public mutating func upsertIdentity(
        service: ServiceKind, userId: String, kind: IdentityKind, credential: Credential,
        tags: [String: String] = [:], email: String? = nil, now: Date = Date()
    ) -> Identity {
        if let index = identityIndex(service: service.rawValue, userId: userId) {
            var identity = identities[index]
            identity.credential = credential
            identity.kind = kind
            identity.status = .authorized
            identity.tags.merge(tags) { _, new in new }
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
    public mutating func removeIdentity(_ selector: IdentitySelector) throws -> Identity {
        identities.remove(at: try index(of: selector))
    }
}
