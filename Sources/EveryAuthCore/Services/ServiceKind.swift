import Foundation

/// The providers everyauth can authorize against.
public enum ServiceKind: String, Sendable, CaseIterable, Codable {
    case pagerduty

    /// The provider's name as people write it (`PagerDuty`), for pages and messages.
    public var displayName: String {
        switch self {
        case .pagerduty: return "PagerDuty"
        }
    }

    /// Resolves a name the user typed, or fails listing the accepted names.
    public static func named(_ name: String) throws -> ServiceKind {
        guard let kind = ServiceKind(rawValue: name.lowercased()) else {
            throw LookupError.unknownService(name)
        }
        return kind
    }
}

/// PagerDuty's service regions; they pick the default API host.
public enum Region: String, Sendable, CaseIterable, Codable {
    case us
    case eu
}
