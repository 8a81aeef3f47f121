import EveryAuthTestSupport
import Foundation
import Testing
@testable import EveryAuthCore

// The contract itself (EveryAuthTestSupport/StoreContract.swift) is shared with the PostgreSQL
// store's suite in EveryAuthPostgresTests.
// Time limits on the store suites: a test that awaits something that never comes should fail,
// naming itself, instead of stalling the run. (Three parallel runs under heavy load stalled this
// round with every thread idle and no timer pending, so not even these fired; see the issue note.)
@Suite("Store contract: JSON file", .timeLimit(.minutes(2)))
struct FileStoreContractTests {
    @Test(arguments: StoreContract.allCases)
    func contract(_ behaviour: StoreContract) async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try await behaviour.check(temp.store)
    }

    /// The same contract with a store key: sealing and opening change nothing a caller sees.
    @Test(arguments: StoreContract.allCases)
    func contractEncrypted(_ behaviour: StoreContract) async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let keys = try StoreKeys(parsing: "contract:" + Data(repeating: 3, count: 32).base64EncodedString())
        try await behaviour.check(FileStore(directory: temp.directory, keys: keys))
    }
}
