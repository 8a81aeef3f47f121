import Foundation

/// Something the command names does not exist (exit 2).
public enum LookupError: LocalizedError, Sendable, Equatable {
    /// The service name is not one everyauth knows.
    case unknownService(String)
    /// `everyauth service set` was never run for this service.
    case serviceNotConfigured(String)
    /// No identity matches the selection.
    case identityNotFound(service: String, userId: String?, id: String?)
    /// PagerDuty has no incident with this id (or the token may not see it).
    case incidentNotFound(String)

    public var errorDescription: String? {
        switch self {
        case .unknownService(let name):
            return "unknown service '\(name)'; supported services: \(ServiceKind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .serviceNotConfigured(let name):
            return "service '\(name)' is not configured"
        case .identityNotFound(let service, let userId, let id):
            if let id {
                return "no \(service) identity with id '\(id)'"
            }
            let user = userId ?? ""
            return "no \(service) identity for user '\(user)'"
        case .incidentNotFound(let id):
            return (id.hasPrefix("#") ? "no incident \(id)" : "no incident with id '\(id)'") + " (PagerDuty answered 404)"
        }
    }
}
