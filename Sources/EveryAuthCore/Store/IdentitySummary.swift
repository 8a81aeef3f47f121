import Foundation

extension Identity {
    /// Keys of the token-free view, in the order `identity ls -o json` and `authorize -o json` print them.
    public static let summaryKeyOrder = ["id", "service", "userId", "kind", "tags", "scope", "expiresAt", "status", "createdAt", "updatedAt"]

    /// The identity without any token: what may be shown or logged.
    public var summary: [String: JSONValue] {
        [
            "id": .string(id),
            "service": .string(service),
            "userId": .string(userId),
            "kind": .string(kind.rawValue),
            "tags": .object(tags.mapValues { .string($0) }),
            "scope": credential.scope.map { .string($0) } ?? .null,
            "expiresAt": credential.expiresAt.map { .string(Timestamp.format($0)) } ?? .null,
            "status": .string(status.rawValue),
            "createdAt": .string(Timestamp.format(createdAt)),
            "updatedAt": .string(Timestamp.format(updatedAt)),
        ]
    }
}
