import Foundation

/// A web authorization between its start (`GET /<service>`) and its callback: everything the
/// callback needs to finish it on any instance sharing the store. The `id` is the public half of
/// the OAuth `state`; `stateHash` is SHA-256 of the secret half, compared in constant time.
public struct PendingAuthorization: Sendable, Equatable {
    /// The public half of the OAuth `state`.
    public var id: String
    /// SHA-256 of the state's secret half (hex).
    public var stateHash: String
    /// The service being authorized.
    public var service: String
    /// The user who started the authorization.
    public var userId: String
    /// The PKCE verifier the callback sends to the token endpoint.
    public var codeVerifier: String
    /// The callback address given to the provider.
    public var redirectURI: String
    /// Tags the identity gets when stored.
    public var tags: [String: String]
    /// Where the browser goes once the identity is stored; nil for the mount's default.
    public var finishedURL: String?
    /// When the authorization started.
    public var createdAt: Date
    /// When it stops being accepted (10 minutes after the start).
    public var expiresAt: Date

    /// A pending authorization with every field given.
    public init(
        id: String, stateHash: String, service: String, userId: String, codeVerifier: String, redirectURI: String,
        tags: [String: String] = [:], finishedURL: String? = nil, createdAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.stateHash = stateHash
        self.service = service
        self.userId = userId
        self.codeVerifier = codeVerifier
        self.redirectURI = redirectURI
        self.tags = tags
        self.finishedURL = finishedURL
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// How many pending authorizations a store keeps (SPEC §7): whatever a browser can make us
    /// store is bounded, so a flood of starts cannot fill the disk or the table.
    public struct Limits: Sendable, Equatable {
        /// Per user id (bytes): a new one beyond this drops that user's oldest.
        public var perUser: Int
        /// In all: a new one beyond this is refused (`PendingLimitReached`).
        public var total: Int

        /// Limits of at least 1 each.
        public init(perUser: Int = 5, total: Int = 10_000) {
            self.perUser = max(1, perUser)
            self.total = max(1, total)
        }

        /// 5 per user, 10,000 in all.
        public static let standard = Limits()
    }

    /// `entries` with `new` added under `limits` at `now`: expired entries and any entry with
    /// `new`'s id are dropped, then `new`'s user keeps at most `perUser - 1` older entries (the
    /// oldest go first). Throws `PendingLimitReached` when the rest is still full; the caller then
    /// writes nothing. The rule of every backend; PostgreSQL states it in SQL.
    static func admitting(_ new: PendingAuthorization, into entries: [PendingAuthorization], now: Date,
                          limits: Limits) throws(PendingLimitReached) -> [PendingAuthorization] {
        var kept = entries.filter { $0.expiresAt > now && !IdentityKey.same($0.id, new.id) }
        let mine = kept.indices.filter { IdentityKey.same(kept[$0].userId, new.userId) }
        // Oldest first by creation time; among equal times, the one written first.
        let byAge = mine.sorted { (kept[$0].createdAt, $0) < (kept[$1].createdAt, $1) }
        let excess = byAge.count - (limits.perUser - 1)
        if excess > 0 {
            let dropped = Set(byAge.prefix(excess))
            kept = kept.indices.filter { !dropped.contains($0) }.map { kept[$0] }
        }
        guard kept.count < limits.total else { throw PendingLimitReached(limit: limits.total) }
        kept.append(new)
        return kept
    }
}

/// A store already keeps as many pending authorizations as `PendingAuthorization.Limits.total`
/// allows: the start is refused (a web route answers 503) and nothing is written.
package struct PendingLimitReached: Error, Sendable, Equatable, CustomStringConvertible {
    /// The limit that was reached.
    package let limit: Int

    package init(limit: Int) { self.limit = limit }

    package var description: String {
        "\(limit) authorizations are already in progress, the most the store keeps; try again once some have finished or expired"
    }
}
