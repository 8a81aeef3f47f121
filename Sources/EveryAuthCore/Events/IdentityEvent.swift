import Foundation

/// Something that happened to a stored grant that an app may want to hear about (issue 27 item 5):
/// the body of one signed webhook. It names the identity and never carries a token, a code, a
/// secret or a verifier: there is no field that could hold one.
package struct IdentityEvent: Sendable, Equatable {
    /// What happened, as the `type` field spells it.
    package enum Kind: String, Sendable, CaseIterable {
        /// An identity was stored by an authorization (the web callback, `authorize`).
        case authorized
        /// A credential was refreshed at the token endpoint.
        case refreshed
        /// The provider refused the refresh (`invalid_grant`): the user must authorize again.
        case refreshFailed = "refresh_failed"
        /// The identity's tokens were revoked at the provider.
        case revoked
        /// The identity was removed from the store.
        case removed
    }

    /// What happened.
    package var kind: Kind
    /// The provider of the identity.
    package var service: ServiceKind
    /// The app's user id the identity belongs to.
    package var userId: String
    /// The identity's id (`idn-...`).
    package var identityId: String
    /// When it happened (sent in whole seconds, UTC).
    package var time: Date
    /// Why, for `refresh_failed` and `revoked` when known: our own words or the provider's
    /// description, without controls and at most 200 characters.
    package var reason: String?
    /// Unique per event, sent as `X-EveryAuth-Event-Id` on every attempt so a receiver can
    /// drop repeats (`evt_` and 32 hex digits).
    package var id: String

    /// An event; `id` is fresh unless given.
    package init(_ kind: Kind, service: ServiceKind, userId: String, identityId: String, time: Date = Date(),
                 reason: String? = nil, id: String? = nil) {
        self.kind = kind
        self.service = service
        self.userId = userId
        self.identityId = identityId
        self.time = time
        self.reason = reason.map { ServerText.forMessage($0) }.flatMap { $0.isEmpty ? nil : $0 }
        self.id = id ?? "evt_" + SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The event about `identity`; nil when its service is not one we know (a hand-edited store).
    package init?(_ kind: Kind, identity: Identity, time: Date = Date(), reason: String? = nil) {
        guard let service = ServiceKind(rawValue: identity.service) else { return nil }
        self.init(kind, service: service, userId: identity.userId, identityId: identity.id, time: time, reason: reason)
    }

    /// The JSON body: `{"type","service","userId","identityId","time"}` in that order, plus
    /// `"reason"` when there is one.
    package var body: [UInt8] {
        var object: JSONObject = [
            "type": .string(kind.rawValue), "service": .string(service.rawValue), "userId": .string(userId),
            "identityId": .string(identityId), "time": .string(Timestamp.format(time)),
        ]
        if let reason { object["reason"] = .string(reason) }
        var out: [UInt8] = []
        JSONValue.object(object).write(into: &out, pretty: false, keyOrder: Self.keyOrder)
        return out
    }

    private static let keyOrder = ["type", "service", "userId", "identityId", "time", "reason"]
}

/// Where a library path hands the events it produces (a `WebhookSender`'s `send`, or a test's
/// recorder); called on the path that produced the event, so it must return at once.
package typealias IdentityEventSink = @Sendable (IdentityEvent) -> Void
