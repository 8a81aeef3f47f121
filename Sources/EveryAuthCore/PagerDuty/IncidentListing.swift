import Foundation

/// Lists the incidents of a query as a stream of pages, in order. With more than one page it asks
/// page one with `total=true`, then fetches the rest concurrently (bounded) and yields them in
/// order, holding at most a few pages. When more incidents match than offset pagination reaches
/// (offset+limit ≤ 10,000), it bisects the `created_at` window until each part fits and lists the
/// parts in turn; PagerDuty's `until` is exclusive, so adjacent parts neither overlap nor leave gaps.
public struct IncidentListing: Sendable {
    /// How many incidents to list.
    public enum Extent: Sendable, Equatable {
        /// At most this many (`--limit N`).
        case first(Int)
        /// Every matching incident (`--all`).
        case all
    }

    /// Most incidents one page may hold.
    public static let pageSize = 100
    /// Furthest offset+limit PagerDuty serves.
    public static let offsetCeiling = 10_000

    public let client: PagerDutyClient
    public let query: IncidentQuery
    public let extent: Extent
    /// Pages in flight at once.
    public let concurrency: Int
    /// Called after each page with the count so far and the total when known.
    public let progress: (@Sendable (_ fetched: Int, _ total: Int?) -> Void)?

    public init(
        client: PagerDutyClient, query: IncidentQuery, extent: Extent, concurrency: Int = 8,
        progress: (@Sendable (Int, Int?) -> Void)? = nil
    ) {
        self.client = client
        self.query = query
        self.extent = extent
        self.concurrency = max(1, concurrency)
        self.progress = progress
    }

    /// The pages, in the order of the query's sort; ends early when the consumer stops.
    public func pages() -> AsyncThrowingStream<[JSONValue], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var state = State()
                    try await run(&state) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The incidents one by one, for library users who do not care about pages.
    public func incidents() -> AsyncThrowingFlatMapSequence<AsyncThrowingStream<[JSONValue], any Error>, AsyncThrowingStream<JSONValue, any Error>> {
        pages().flatMap { page in
            AsyncThrowingStream<JSONValue, any Error> { continuation in
                for incident in page { continuation.yield(incident) }
                continuation.finish()
            }
        }
    }

    /// Counts kept across windows.
    struct State {
        var fetched = 0
        var total: Int?
    }

    private var cap: Int? {
        if case .first(let count) = extent { return count }
        return nil
    }

    private func run(_ state: inout State, emit: ([JSONValue]) -> Void) async throws {
        if let cap, cap <= 0 { return }
        if let cap, cap <= Self.pageSize {
            // One page answers it; PagerDuty answers faster without `total`.
            let page = try await client.incidents(query, limit: cap, offset: 0, total: false)
            let incidents = Array(page.incidents.prefix(cap))
            state.fetched = incidents.count
            emit(incidents)
            return
        }
        var windows: [(since: Date?, until: Date?)] = [(query.since, query.until)]
        while !windows.isEmpty {
            try Task.checkCancellation()
            let window = windows.removeFirst()
            let wanted = cap.map { $0 - state.fetched }
            if let wanted, wanted <= 0 { return }
            let first = try await client.incidents(
                query, since: window.since, until: window.until,
                limit: min(Self.pageSize, wanted ?? Self.pageSize), offset: 0, total: true)
            if state.total == nil { state.total = first.total.map { min($0, cap ?? $0) } }
            guard let total = first.total else {
                try await walkSerially(window, first: first, state: &state, emit: emit)
                continue
            }
            if total > Self.offsetCeiling, wanted.map({ $0 > Self.offsetCeiling }) ?? true {
                windows.insert(contentsOf: try await halves(of: window, total: total), at: 0)
                continue
            }
            state.fetched += first.incidents.count
            emit(first.incidents)
            progress?(state.fetched, state.total)
            let end = min(total, wanted ?? total)
            try await fetchConcurrently(window, from: first.incidents.count, to: end, state: &state, emit: emit)
        }
    }

    /// Pages `from..<to` of one window, `concurrency` at a time, yielded in order.
    private func fetchConcurrently(
        _ window: (since: Date?, until: Date?), from start: Int, to end: Int, state: inout State, emit: ([JSONValue]) -> Void
    ) async throws {
        guard start < end else { return }
        let offsets = Array(stride(from: start, to: end, by: Self.pageSize))
        let client = self.client
        let query = self.query
        let limit = self.concurrency
        try await withThrowingTaskGroup(of: (Int, [JSONValue]).self) { group in
            var next = 0
            var inFlight = 0
            var ready: [Int: [JSONValue]] = [:]
            var written = 0
            while written < offsets.count {
                // Bounded both ways: requests in flight, and finished pages waiting for an earlier one.
                while next < offsets.count, inFlight < limit, inFlight + ready.count < 2 * limit {
                    let index = next
                    let offset = offsets[index]
                    let size = min(Self.pageSize, end - offset)
                    group.addTask {
                        let page = try await client.incidents(
                            query, since: window.since, until: window.until, limit: size, offset: offset, total: false)
                        return (index, page.incidents)
                    }
                    next += 1
                    inFlight += 1
                }
                guard let (index, incidents) = try await group.next() else { break }
                inFlight -= 1
                ready[index] = incidents
                while let page = ready.removeValue(forKey: written) {
                    state.fetched += page.count
                    emit(page)
                    written += 1
                    progress?(state.fetched, state.total)
                }
            }
        }
    }

    /// When PagerDuty does not count, follow `more` one page at a time.
    private func walkSerially(
        _ window: (since: Date?, until: Date?), first: IncidentPage, state: inout State, emit: ([JSONValue]) -> Void
    ) async throws {
        var page = first
        var offset = 0
        while true {
            var incidents = page.incidents
            if let cap { incidents = Array(incidents.prefix(cap - state.fetched)) }
            state.fetched += incidents.count
            offset += page.incidents.count
            emit(incidents)
            progress?(state.fetched, state.total)
            if let cap, state.fetched >= cap { return }
            guard page.more, !page.incidents.isEmpty else { return }
            let size = min(Self.pageSize, cap.map { $0 - state.fetched } ?? Self.pageSize)
            guard offset + size <= Self.offsetCeiling else {
                throw PagerDutyError.api(
                    status: 400, code: 2002,
                    message: "more than \(Self.offsetCeiling) incidents match and PagerDuty did not say how many; narrow the window with --since/--until",
                    errors: [])
            }
            page = try await client.incidents(
                query, since: window.since, until: window.until, limit: size, offset: offset, total: false)
        }
    }

    /// The window split in two halves of time, in listing order. Open ends are first closed at the
    /// oldest and newest matching incident.
    private func halves(of window: (since: Date?, until: Date?), total: Int) async throws -> [(since: Date?, until: Date?)] {
        let low: Date
        if let since = window.since { low = since } else { low = try await edge(window, newest: false) }
        let high: Date
        if let until = window.until { high = until } else { high = try await edge(window, newest: true).addingTimeInterval(1) }
        let lowSecond = low.timeIntervalSince1970.rounded(.down)
        let highSecond = high.timeIntervalSince1970.rounded(.up)
        guard highSecond - lowSecond >= 2 else {
            throw PagerDutyError.api(
                status: 400, code: 2002,
                message: "\(total) incidents were created within one second at \(TimeSpec.format(low)); PagerDuty cannot list more than \(Self.offsetCeiling) of them",
                errors: [])
        }
        let middle = Date(timeIntervalSince1970: (lowSecond + (highSecond - lowSecond) / 2).rounded(.down))
        let older = (since: Optional(low), until: Optional(middle))
        let newer = (since: Optional(middle), until: Optional(Date(timeIntervalSince1970: highSecond)))
        return query.newestFirst ? [newer, older] : [older, newer]
    }

    /// `created_at` of the oldest or newest incident in the window.
    private func edge(_ window: (since: Date?, until: Date?), newest: Bool) async throws -> Date {
        var probe = query
        probe.sortBy = [newest ? "created_at:desc" : "created_at:asc"]
        let page = try await client.incidents(probe, since: window.since, until: window.until, limit: 1, offset: 0, total: false)
        guard let text = page.incidents.first?["created_at"]?.stringValue, let date = Timestamp.parse(text) else {
            throw PagerDutyError.malformedResponse(reason: "an incident without a readable created_at")
        }
        return date
    }
}
