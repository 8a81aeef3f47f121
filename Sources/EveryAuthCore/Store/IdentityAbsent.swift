import Foundation

/// An identity that a command must act on (remove it) is not there. Authorizing cannot help,
/// so the message does not suggest it (exit 2).
package struct IdentityAbsent: LocalizedError, Sendable, Equatable {
    /// The service asked for.
    package let service: String
    /// The user id asked for, when selected by user id.
    package let userId: String?
    /// The identity id asked for, when selected by id.
    package let id: String?

    /// The selection that found nothing.
    package init(_ selector: IdentitySelector) {
        service = selector.service.rawValue
        userId = selector.userId
        id = selector.id
    }

    package var errorDescription: String? {
        let what = id.map { "with id '\($0)'" } ?? "for user '\(userId ?? "")'"
        return "no \(service) identity \(what)"
    }
}
