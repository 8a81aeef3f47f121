import Foundation

/// What the last `identity check` found out about an identity (SPEC §2 "exec and tokens for other
/// programs"): usable, or why not, when, and in PagerDuty's words. Kept with the identity in every
/// backend (`check` in the file, `check_*` columns in PostgreSQL) and shown by `identity ls` and
/// `identity status`; a refresh or a new authorization does not clear it, the next check replaces it.
package struct IdentityCheckMark: Sendable, Equatable {
    /// The verdicts a check records.
    package enum State: String, Sendable, CaseIterable {
        /// `GET /users/me` answered with the token (after a refresh when one was due).
        case ok
        /// The access token has expired and there is nothing to refresh it with.
        case expired
        /// The token endpoint refused the refresh token (`invalid_grant`): the grant is gone.
        case refreshFailed = "refresh_failed"
        /// PagerDuty refused a token that should work (401/403 after a refresh): the grant was revoked.
        case revoked

        /// True when only `authorize` makes the identity usable again (exit 3).
        package var needsAuthorization: Bool { self != .ok }
    }

    package var state: State
    /// When the check ran (whole seconds).
    package var at: Date
    /// Why, in the server's words when it gave any (sanitized, at most 300 characters).
    package var reason: String?

    package init(state: State, at: Date, reason: String? = nil) {
        self.state = state
        self.at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        self.reason = reason.map { String(ServerText.forMessage($0).prefix(300)) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The mark as JSON: `{"at", "reason", "state"}` (reason only when known), the file store's
    /// form and `identity ls -o json`'s.
    package var json: JSONValue {
        var members: JSONObject = ["at": .string(Timestamp.format(at)), "state": .string(state.rawValue)]
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }

    /// A mark read back from `json`; nil when it is not one.
    package init?(json: JSONValue) {
        guard let text = json["state"]?.stringValue, let state = State(rawValue: text),
              let at = json["at"]?.stringValue.flatMap(Timestamp.parseExact) else { return nil }
        let reason = json["reason"]?.stringValue
        if let raw = json["reason"], raw != .null, reason == nil { return nil }
        self.state = state
        self.at = at
        self.reason = reason
    }
}

/// A store that records many checks in one write (`identity check` of every identity): both
/// backends of this package. One identity at a time would rewrite a 10,000-identity file 10,000
/// times. Only the marks change; tokens, envelopes and every other field stay as stored.
package protocol StoreCheckRecording: Store {
    /// Sets each identity's `check` to its mark, by identity id (compared as bytes, SPEC §3); ids no
    /// longer stored are skipped (removed meanwhile). One locked write (the file) or one
    /// transaction (PostgreSQL).
    func recordChecks(_ marks: [IdentityKey: IdentityCheckMark]) async throws
}

extension FileStore: StoreCheckRecording {
    package func recordChecks(_ marks: [IdentityKey: IdentityCheckMark]) async throws {
        guard !marks.isEmpty else { return }
        try await update { (document: inout StoreDocument) async throws in
            for index in document.identities.indices {
                if let mark = marks[IdentityKey(document.identities[index].id)] { document.identities[index].check = mark }
            }
        }
    }
}
