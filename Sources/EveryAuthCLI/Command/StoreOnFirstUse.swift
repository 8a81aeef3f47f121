import EveryAuthCore
import Synchronization

/// The store of one command run, opened when a command first asks for it: a command that never
/// does (`version`) neither reads `--store`/`$EVERYAUTH_STORE_URL` nor opens anything, so a
/// PostgreSQL URL costs it no TLS context and no connection. The outcome of the one opening,
/// store or error, is what every later use gets.
final class StoreOnFirstUse: Sendable {
    private let opening: @Sendable () throws -> any Store
    private let outcome = Mutex<Result<any Store, any Error>?>(nil)

    init(_ opening: @escaping @Sendable () throws -> any Store) {
        self.opening = opening
    }

    /// The store, opened now if this is the first use.
    func get() throws -> any Store {
        try outcome.withLock { outcome in
            if let outcome { return try outcome.get() }
            let opened = Result { try opening() }
            outcome = opened
            return try opened.get()
        }
    }

    /// Closes the store's connections if it was opened; nothing to do otherwise.
    func shutdown() async {
        guard let store = outcome.withLock({ try? $0?.get() }) else { return }
        await store.shutdown()
    }
}
