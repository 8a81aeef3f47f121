import Synchronization

/// Values that other threads report (a server's requests, a flow's events, trace lines), kept in
/// order for the test to read, and to wait on without polling.
public final class Recorder<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        /// Waiters whose deadline passed before they were registered.
        var expired: Set<Int> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Everything recorded so far, in order.
    public var all: [Element] { state.withLock { $0.elements } }

    /// How many values were recorded so far.
    public var count: Int { state.withLock { $0.elements.count } }

    /// Records `element` and wakes every waiter; returns how many came before it.
    @discardableResult
    public func record(_ element: Element) -> Int {
        let (index, waiters) = state.withLock { state in
            state.elements.append(element)
            defer { state.waiters = [:] }
            return (state.elements.count - 1, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume() }
        return index
    }

    /// The first value `find` maps to non-nil, waiting for new ones to arrive; nil after `timeout`
    /// seconds without one (the bound keeps a broken test from hanging the suite).
    public func wait<T>(timeout: Double = 30, _ find: (Element) -> T?) async -> T? {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var checked = 0
        while true {
            let elements = all
            for element in elements[checked...] {
                if let found = find(element) { return found }
            }
            checked = elements.count
            if ContinuousClock.now >= deadline { return nil }
            await change(after: checked, deadline: deadline)
        }
    }

    /// Suspends until more than `count` values are recorded or `deadline` passes.
    private func change(after count: Int, deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task(executorPreference: ChildProcessExecutor.shared) { [self] in
            try await Task.sleep(until: deadline)
            expire(id)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let registered = state.withLock { state -> Bool in
                guard state.elements.count == count, state.expired.remove(id) == nil else { return false }
                state.waiters[id] = continuation
                return true
            }
            if !registered { continuation.resume() }
        }
        timer.cancel()
        _ = state.withLock { $0.expired.remove(id) }
    }

    /// Resumes waiter `id` at its deadline, or notes that it passed before the waiter registered.
    private func expire(_ id: Int) {
        let waiter = state.withLock { state in
            let waiter = state.waiters.removeValue(forKey: id)
            if waiter == nil { state.expired.insert(id) }
            return waiter
        }
        waiter?.resume()
    }
}
