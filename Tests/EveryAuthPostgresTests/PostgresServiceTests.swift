import EveryAuthCore
import EveryAuthPostgresTestSupport
import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
@testable import EveryAuthPostgres

/// The store as a swift-service-lifecycle `Service` (issue 24 item 4): its `run()` keeps the
/// connections until graceful shutdown, then closes them, so an app's ServiceGroup (Hummingbird's
/// `addServices`) ends it after the server that uses it.
@Suite("PostgreSQL store as a Service", .enabled(if: PostgresTestServer.enabled, Comment(rawValue: PostgresTestServer.skipReason)),
       .timeLimit(.minutes(2)))
struct PostgresServiceTests {
    /// Connections the store holds to `database`, as the server counts them.
    func connections(to database: PostgresDatabase) async throws -> Int {
        let count = try await database.value(
            "SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return Int(count ?? "") ?? -1
    }

    /// Waits (5 s at most) until the server has seen the store's connections end: a backend leaves
    /// `pg_stat_activity` a moment after its client said goodbye.
    func closedConnections(to database: PostgresDatabase) async throws -> Bool {
        for _ in 0..<100 {
            if try await connections(to: database) == 0 { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func gracefulShutdownClosesTheConnections() async throws {
        let database = try await PostgresDatabase.create()
        defer { Task { await database.drop() } }
        let store = try #require(try StoreBackends.all.open(.postgres(url: database.url), environment: [:]) as? PostgresStore)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                // Running, the store serves and keeps its connection between uses.
                try await store.updateService("pagerduty") { $0 = ServiceSettings(clientId: "c") }
                #expect(try await store.serviceSettings("pagerduty")?.clientId == "c")
                #expect(try await connections(to: database) == 1)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        // run() returned: the connection is gone on the server's side, and the store says it was shut down.
        #expect(try await closedConnections(to: database))
        let error = try await #require(throws: StoreError.self) { try await store.services() }
        #expect(error.localizedDescription.contains("already shut down"), "\(error.localizedDescription)")
    }

    @Test func cancellationEndsRunAndClosesToo() async throws {
        let database = try await PostgresDatabase.create()
        defer { Task { await database.drop() } }
        let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
        let running = Task { try await store.run() }
        _ = try await store.info()
        #expect(try await connections(to: database) == 1)
        running.cancel()
        try await running.value
        #expect(try await closedConnections(to: database))
    }

    /// What an app hands its ServiceGroup (Examples/WebApp): the PostgreSQL store, nothing for the file.
    @Test func anAppGetsTheStoreAsAServiceOnlyForPostgreSQL() async throws {
        let database = try await PostgresDatabase.create()
        defer { Task { await database.drop() } }
        let app = try EveryAuth(backends: .all, environment: ["EVERYAUTH_STORE_URL": database.url])
        let service = try #require(app.storeService)
        #expect(service as? PostgresStore === app.store as? PostgresStore)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-service-\(UUID().uuidString)")
        #expect(try EveryAuth(configDirectory: directory, backends: .all, environment: [:]).storeService == nil)
    }

    @Test func aServiceGroupRunsTheStoreBesideItsUsers() async throws {
        let database = try await PostgresDatabase.create()
        defer { Task { await database.drop() } }
        let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
        let group = ServiceGroup(configuration: .init(services: [store], logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = try await store.info()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await closedConnections(to: database))
    }
}

/// How the store leaves a server, seen by a fake one that records every message.
@Suite(.timeLimit(.minutes(2)))
struct PostgresGoodbyeTests {
    @Test func shutdownSaysGoodbyeRatherThanDroppingTheSocket() async throws {
        let server = try await FakePostgresServer(tls: .decline, authentication: .cleartext)
        defer { Task { await server.close() } }
        let store = try PostgresStore(url: "postgres://app:pw@127.0.0.1:\(server.port)/tokens?sslmode=disable", environment: [:],
                                      lockTimeout: 5)
        // The fake refuses every query with a server error, which leaves the connection open and idle.
        await #expect(throws: StoreError.self) { try await store.info() }
        #expect(!server.events.all.contains(.terminate))
        await store.shutdown()
        let said = await server.events.wait(timeout: 10) { $0 == .terminate ? true : nil }
        #expect(said == true, "the store closed its connection without a Terminate: \(server.events.all)")
    }
}
