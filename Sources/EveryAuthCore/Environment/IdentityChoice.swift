import Foundation

/// How a command names one identity (SPEC §2 "Selecting one identity"): `--id`, else `--user-id`,
/// else `--tag K=V ...` (exactly one match), else `$EVERYAUTH_USER_ID`, else the service's default
/// user id (`identity switch`), else the login name.
package struct IdentityChoice: Sendable, Equatable {
    /// The service the identity belongs to.
    package var service: ServiceKind
    /// `--id`: wins over everything else.
    package var id: String?
    /// `--user-id`: an empty one is a usage error.
    package var userId: String?
    /// `--tag` pairs that exactly one identity must all carry.
    package var tags: IdentityTags

    /// A choice from the command line's selection options.
    package init(service: ServiceKind, id: String? = nil, userId: String? = nil, tags: IdentityTags = [:]) {
        self.service = service
        self.id = id
        self.userId = userId
        self.tags = tags
    }

    /// True when the caller named an identity (an id, a user id or tags), rather than leaving it
    /// to the environment and the stored default.
    package var isExplicit: Bool { id != nil || userId != nil || !tags.isEmpty }

    /// The selector this choice means in `store`. Empty values are usage errors, never a
    /// fallback to someone else's identity.
    package func selector(in store: any Store, environment: EveryAuthEnvironment) async throws -> IdentitySelector {
        if userId != nil, id != nil {
            throw InvalidInput(.selection(.userIdAndIdentityID), "a user id and an identity id both name an identity; give one of them")
        }
        if let id {
            guard !id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InvalidInput(.identityID, "the identity id must not be empty")
            }
            return IdentitySelector(service: service, id: try await wholeID(id, in: store))
        }
        if let userId {
            return IdentitySelector(service: service, userId: try environment.userID(explicit: userId))
        }
        if !tags.isEmpty {
            let matches = try await store.identities(matching: IdentityFilter(service: service, tags: tags))
            guard let only = matches.first else { throw SelectionError.noMatch(service: service.rawValue, tags: tags) }
            guard matches.count == 1 else {
                throw SelectionError.ambiguous(service: service.rawValue, tags: tags, ids: matches.map { "\($0.id) (\($0.userId))" })
            }
            return IdentitySelector(service: service, id: only.id)
        }
        // The chain itself is `EveryAuthEnvironment.userID`'s; the stored default is read only when
        // the environment does not already decide.
        let fallback = environment["EVERYAUTH_USER_ID"] == nil ? try await store.serviceSettings(service.rawValue)?.defaultUserId : nil
        return IdentitySelector(service: service, userId: try environment.userID(explicit: nil, fallback: fallback))
    }
}

extension IdentityChoice {
    /// `id` made whole: an id as it is; a prefix of at least `IdentityIDPrefix.minimumLength`
    /// (as tables show ids) the one id of the service that starts with it. A prefix that starts
    /// none is left as it is, for the lookup to report; one that starts several is ambiguous.
    func wholeID(_ id: String, in store: any Store) async throws -> String {
        guard !IdentityIDPrefix.isWhole(id), id.utf8.count >= IdentityIDPrefix.minimumLength else { return id }
        var matches: [IdentitySummary] = []
        try await store.identitySummaries(matching: IdentityFilter(service: service)) { summary in
            if summary.id.utf8.starts(with: id.utf8) { matches.append(summary) }
        }
        guard matches.count <= 1 else {
            throw SelectionError.ambiguousID(service: service.rawValue, prefix: id, ids: matches.map { "\($0.id) (\($0.userId))" })
        }
        return matches.first?.id ?? id
    }
}

/// A `--tag` selection or an id prefix that does not name exactly one identity.
package enum SelectionError: LocalizedError, Sendable, Equatable {
    /// No identity carries every tag (exit 2).
    case noMatch(service: String, tags: IdentityTags)
    /// More than one does (exit 64): the user must narrow the selection.
    case ambiguous(service: String, tags: IdentityTags, ids: [String])
    /// An id prefix that starts more than one identity's id (exit 64).
    case ambiguousID(service: String, prefix: String, ids: [String])

    package var errorDescription: String? {
        switch self {
        case .noMatch(let service, let tags):
            return "no \(service) identity has the tags \(tags.description)"
        case .ambiguous(let service, let tags, let ids):
            return "\(ids.count) \(service) identities have the tags \(tags.description): \(ids.joined(separator: ", "))"
        case .ambiguousID(let service, let prefix, let ids):
            return "\(ids.count) \(service) identity ids start with '\(prefix)': \(ids.joined(separator: ", "))"
        }
    }
}
