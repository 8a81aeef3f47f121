import EveryAuthCore
import EveryAuthPostgres
import EveryAuthPostgresTestSupport
import Foundation
import EveryAuthTestSupport
import Testing

@Suite("Store contract: PostgreSQL", .enabled(if: PostgresTestServer.enabled, Comment(rawValue: PostgresTestServer.skipReason)), .timeLimit(.minutes(2)))
struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.allCases)
    func contract(_ behaviour: StoreContract) async throws {
        try await check(behaviour, keys: StoreKeys())
    }

    /// The same contract with a store key: sealing and opening change nothing a caller sees.
    @Test(arguments: StoreContract.allCases)
    func contractEncrypted(_ behaviour: StoreContract) async throws {
        try await check(behaviour, keys: try StoreKeys(parsing: "contract:" + Data(repeating: 3, count: 32).base64EncodedString()))
    }

    private func check(_ behaviour: StoreContract, keys: StoreKeys) async throws {
        let database = try await PostgresDatabase.create()
        let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15, keys: keys)
        do {
            try await behaviour.check(store)
        } catch {
            await store.shutdown()
            await database.drop()
            throw error
        }
        await store.shutdown()
        await database.drop()
    }
}
