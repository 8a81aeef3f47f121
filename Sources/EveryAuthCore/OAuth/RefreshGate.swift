import Foundation

/// Lets one task per store at a time into a refresh inside this process. The store's `flock` wait
/// blocks its thread; without this gate, many concurrent `getIdentity` calls in an app would
/// tie up every thread of the concurrency pool while one of them holds the lock.
actor RefreshGate {
    /// The one gate of the process.
    static let shared = RefreshGate()

    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once no other task of this process is refreshing in the store at `key`.
    nonisolated func run<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await enter(key)
        do {
            let result = try await body()
            await leave(key)
            return result
        } catch {
            await leave(key)
            throw error
        }
    }

    private func enter(_ key: String) async {
        guard busy.contains(key) else {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    private func leave(_ key: String) {
        if var queue = waiters[key], !queue.isEmpty {
            // Hand the gate straight to the next waiter; `busy` stays set.
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(key)
        }
    }
}
