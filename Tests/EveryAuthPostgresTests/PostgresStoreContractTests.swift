import EveryAuthPostgres
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Testing

@Suite("Store contract: PostgreSQL", .enabled(if: PostgresTestServer.enabled, Comment(rawValue: PostgresTestServer.skipReason)), .timeLimit(.minutes(2)))
struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.allCases)
    func contract(_ behaviour: StoreContract) async throws {
        let database = try await PostgresDatabase.create()
        let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
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
