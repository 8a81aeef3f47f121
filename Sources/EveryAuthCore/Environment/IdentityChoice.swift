import Foundation

/// Which identity a command means (SPEC §2): `--id`, else `--user-id`, else `$EVERYAUTH_USER_ID`,
/// else the login name. Empty values are usage errors, never a fallback to someone else.
public enum IdentityChoice {
    /// The selector for `service` from the options as given.
    public static func selector(
        service: ServiceKind, userId: String?, id: String?, environment: EveryAuthEnvironment
    ) throws -> IdentitySelector {
        if userId != nil, id != nil {
            throw UsageError("--user-id and --id both name an identity; give only one of them")
        }
        if let id {
            try EveryAuthEnvironment.requireValue(id, flag: "--id", what: "identity id")
            return IdentitySelector(service: service, id: id)
        }
        return IdentitySelector(service: service, userId: try environment.userID(explicit: userId))
    }
}

/// An identity that a command must act on (remove it) is not there. Authorizing cannot help,
/// so the message does not suggest it (exit 2).
public struct IdentityAbsent: LocalizedError, Sendable, Equatable {
    /// The service asked for.
    public let service: String
    /// The user id asked for, when selected by user id.
    public let userId: String?
    /// The identity id asked for, when selected by id.
    public let id: String?

    /// The selection that found nothing.
    public init(_ selector: IdentitySelector) {
        service = selector.service.rawValue
        userId = selector.userId
        id = selector.id
    }

    public var errorDescription: String? {
        let what = id.map { "with id '\($0)'" } ?? "for user '\(userId ?? "")'"
        return "no \(service) identity \(what); nothing was removed (see 'everyauth identity ls \(service)')"
    }
}
