import EveryAuthCore
import ServiceLifecycle

extension PostgresStore: Service {
    /// Keeps the store's connections until graceful shutdown (or cancellation), then closes them, as
    /// `PostgresClient.run()` does for its pool: hand the store to a `ServiceGroup` (Hummingbird's
    /// `addServices`) after the services that use it, so that it closes after they have stopped.
    /// Connections are opened on first use whether or not this runs; without it, call `shutdown()`.
    public func run() async throws {
        // Cancellation ends the wait as graceful shutdown does: either way the connections close.
        try? await gracefulShutdown()
        await shutdown()
    }
}

extension EveryAuth {
    /// The store's connections as a swift-service-lifecycle `Service` when the store is PostgreSQL
    /// (nil for the JSON file, which holds none): add it to the app's `ServiceGroup` (Hummingbird's
    /// `addServices`) after the services that use it, so that it closes their connections last.
    public var storeService: (any Service)? { store as? PostgresStore }
}
