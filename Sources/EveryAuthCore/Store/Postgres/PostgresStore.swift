import Foundation

/// PostgreSQL store: being built on branch `pg` (issue 11); this stand-in keeps main building.
public final class PostgresStore: Sendable {
    public init(url: String, environment: [String: String], lockTimeout: TimeInterval) throws {
        throw UsageError("--store \(Redaction.url(url)): PostgreSQL stores are not in this build yet")
    }
}

extension PostgresStore: Store {
    public var location: StoreLocation { StoreLocation(backend: .postgres, redacted: "") }
    public func services() async throws -> [String: ServiceSettings] { [:] }
    public func serviceSettings(_ service: String) async throws -> ServiceSettings? { nil }
    public func identities(matching filter: IdentityFilter) async throws -> [Identity] { [] }
    public func identity(_ selector: IdentitySelector) async throws -> Identity {
        throw LookupError.identityNotFound(service: selector.service.rawValue, userId: selector.userId, id: selector.id)
    }
    public func updateService<T: Sendable>(_ service: String, _ body: (inout ServiceSettings?) throws -> T) async throws -> T {
        var none: ServiceSettings?
        return try body(&none)
    }
    public func updateIdentity<T: Sendable>(_ selector: IdentitySelector, _ body: (inout Identity?) async throws -> T) async throws -> T {
        var none: Identity?
        return try await body(&none)
    }
    public func savePending(_ pending: PendingAuthorization) async throws {}
    public func takePending(id: String, now: Date) async throws -> PendingAuthorization? { nil }
    public func info() async throws -> StoreInfo { StoreInfo(location: location, schemaVersion: 0, services: 0, identities: 0, pending: 0) }
    public func importAll(services: [String: ServiceSettings], identities: [Identity]) async throws -> StoreImportCounts { StoreImportCounts() }
    public func shutdown() async {}
}
