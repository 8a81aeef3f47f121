import Foundation

/// Why a listing cannot go on: limits of PagerDuty's offset pagination that no retry lifts.
package enum IncidentListingError: LocalizedError, Sendable, Equatable {
    /// More incidents than offset pagination reaches were created within one second, so no
    /// `created_at` window can separate them.
    case crowdedSecond(count: Int, at: Date, ceiling: Int)
    /// More incidents than offset pagination reaches match and PagerDuty did not count them, so
    /// the window cannot be split where it should.
    case uncounted(ceiling: Int)

    package var errorDescription: String? {
        switch self {
        case .crowdedSecond(let count, let date, let ceiling):
            return "\(count) incidents were created within one second at \(TimeSpec.format(date)); PagerDuty cannot list more than \(ceiling) of them"
        case .uncounted(let ceiling):
            return "more than \(ceiling) incidents match and PagerDuty did not say how many; narrow the window"
        }
    }
}

/// Lists the incidents of a query as a stream of pages, in order. `--all-time` first asks
/// PagerDuty's `date_range=all` (no window at all) how many match, and pages through that one
/// range when offset pagination reaches them all. PagerDuty refuses a `since`..`until` window
/// longer than 6 months, so a longer range (and `--all-time` past 10,000 incidents: every incident
/// since `earliest`) is cut into windows of at most `maximumWindow`, listed one after the other:
/// newest first when the query's first sort key runs newest first, else oldest first.
/// Within a window, more than one page asks page one with `total=true`, then fetches the rest
/// concurrently (bounded) and yields them in order, holding at most a few pages. When more
/// incidents match than offset pagination reaches (offset+limit ≤ 10,000), it bisects the window
/// until each part fits and lists the parts in turn; PagerDuty's `until` is exclusive, so
/// adjacent windows neither overlap nor leave gaps.
package struct IncidentListing: Sendable {
    /// How many incidents to list.
    package enum Extent: Sendable, Equatable {
        /// At most this many (`--limit N`).
        case first(Int)
        /// Every matching incident (`--all`).
        case all
    }

    /// Most incidents one page may hold.
    package static let pageSize = 100
    /// Furthest offset+limit PagerDuty serves.
    package static let offsetCeiling = 10_000
    /// Longest window sent: PagerDuty allows 6 months, and every span of 6 calendar months is
    /// at least 181 days long.
    package static let maximumWindow: TimeInterval = 180 * 86_400
    /// Where `--all-time` starts: 2009-01-01T00:00:00Z. PagerDuty was founded in 2009; no account
    /// has an incident before that.
    package static let earliest = Date(timeIntervalSince1970: 1_230_768_000)

    package let client: PagerDutyClient
    package let query: IncidentQuery
    package let extent: Extent
    /// Pages in flight at once.
    package let concurrency: Int
    /// Called after each page with the count so far and the total when known.
    package let progress: (@Sendable (_ fetched: Int, _ total: Int?) -> Void)?
    /// The end of a range the query leaves open (`--all-time`, `--since` alone).
    package let now: Date
    /// Whether a listing that one page answers asks `total=true` too, so that `progress` can say
    /// how many more match ("25 of 326"); PagerDuty answers faster without it.
    package let countsOnePage: Bool

    package init(
        client: PagerDutyClient, query: IncidentQuery, extent: Extent, concurrency: Int = 8, now: Date = Date(),
        countsOnePage: Bool = false, progress: (@Sendable (Int, Int?) -> Void)? = nil
    ) {
        self.countsOnePage = countsOnePage
        self.client = client
        self.query = query
        self.extent = extent
        self.concurrency = max(1, concurrency)
        self.now = now
        self.progress = progress
    }

    /// A `created_at` window; a nil end is left to PagerDuty's default.
    package typealias Window = (since: Date?, until: Date?)

    /// The pages, in the order of the query's sort; ends early when the consumer stops.
    package func pages() -> AsyncThrowingStream<[JSONValue], any Error> {
        stream { $0.values }
    }

    /// `pages()` as the checked bytes PagerDuty sent: for writers that copy incidents as they came.
    package func pageBytes() -> AsyncThrowingStream<JSONArrayBytes, any Error> {
        stream { $0 }
    }

    private func stream<Page: Sendable>(_ transform: @escaping @Sendable (JSONArrayBytes) -> Page) -> AsyncThrowingStream<Page, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var state = State()
                    try await run(&state) { continuation.yield(transform($0)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The incidents one by one, for library users who do not care about pages.
    package func incidents() -> AsyncThrowingFlatMapSequence<AsyncThrowingStream<[JSONValue], any Error>, AsyncThrowingStream<JSONValue, any Error>> {
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

    private func run(_ state: inout State, emit: (JSONArrayBytes) -> Void) async throws {
        if let cap, cap <= 0 { return }
        if query.allTime, try await listAllTimeAtOnce(&state, emit: emit) { return }
        var windows = self.windows()
        var knownTotals: [String: Int] = [:]
        // Only a single window's first page counts every incident of the listing.
        let counted = windows.count == 1
        if !counted {
            // Counting every window first (small, concurrent requests) skips the empty ones, which
            // are most of an `--all-time` range, and gives progress its total.
            let totals = try await counts(of: windows)
            for (window, total) in zip(windows, totals) {
                if let total { knownTotals[Self.key(window)] = total }
            }
            windows = zip(windows, totals).filter { $0.1 != 0 }.map(\.0)
            if totals.allSatisfy({ $0 != nil }) {
                let sum = totals.reduce(0) { $0 + ($1 ?? 0) }
                state.total = min(sum, cap ?? sum)
            }
        }
        if windows.count == 1, let cap, cap <= Self.pageSize {
            try await listOnePage(windows[0], cap: cap, state: &state, emit: emit)
            return
        }
        while !windows.isEmpty {
            try Task.checkCancellation()
            let window = windows.removeFirst()
            let wanted = cap.map { $0 - state.fetched }
            if let wanted, wanted <= 0 { return }
            let known = knownTotals.removeValue(forKey: Self.key(window))
            switch try await list(window, wanted: wanted, known: known, counted: counted, state: &state, emit: emit) {
            case .listed:
                break
            case .crowded(let total):
                windows.insert(contentsOf: try await halves(of: window, total: total), at: 0)
            case .uncounted(let first):
                try await walkSerially(window, first: first, state: &state, emit: emit)
            }
        }
    }

    /// `--all-time` without windows: PagerDuty's `date_range=all` ignores `since` and `until`, so
    /// page one with `total=true` says how many match; at most the offset ceiling are paged in that
    /// one range (a 50-incident account is one request). Page one goes alone, unlike a window's
    /// (whose guessed pages would be most of a small account's requests); the rest go
    /// `concurrency` at a time. False, with nothing emitted, when more match than offset
    /// pagination reaches: the listing then goes window by window, as for a long `--since`.
    private func listAllTimeAtOnce(_ state: inout State, emit: (JSONArrayBytes) -> Void) async throws -> Bool {
        let everything: Window = (nil, nil)
        if let cap, cap <= Self.pageSize {
            try await listOnePage(everything, cap: cap, state: &state, emit: emit)
            return true
        }
        switch try await list(everything, wanted: cap, known: nil, guessing: false, counted: true, state: &state, emit: emit) {
        case .listed:
            return true
        case .uncounted(let first):
            try await walkSerially(everything, first: first, state: &state, emit: emit)
            return true
        case .crowded:
            return false
        }
    }

    /// A listing one page answers: PagerDuty answers faster without `total`, which is asked only
    /// when `countsOnePage` says someone will read it.
    private func listOnePage(_ window: Window, cap: Int, state: inout State, emit: (JSONArrayBytes) -> Void) async throws {
        let page = try await client.incidents(query, since: window.since, until: window.until, limit: cap, offset: 0, total: countsOnePage)
        let incidents = page.elements.prefix(cap)
        state.fetched = incidents.count
        state.total = page.total
        emit(incidents)
        progress?(state.fetched, state.total)
    }

    /// How listing one window ended.
    private enum WindowOutcome {
        /// Every wanted incident of the window was emitted.
        case listed
        /// More match than offset pagination reaches: the window must be split.
        case crowded(total: Int)
        /// PagerDuty did not count: page one (not yet emitted) starts a serial walk.
        case uncounted(IncidentPage)
    }

    /// What a child task of `list` fetched: page one (with its count) or the page at an offset.
    private enum Fetched: Sendable {
        case first(IncidentPage)
        case page(offset: Int, incidents: JSONArrayBytes)
    }

    /// A window's key in `knownTotals`.
    private static func key(_ window: Window) -> String {
        "\(window.since?.timeIntervalSince1970 ?? -1)..\(window.until?.timeIntervalSince1970 ?? -1)"
    }

    /// Lists one window: page one with `total=true`, and beside it (when `guessing`) the next pages
    /// on the guess that the window is full (up to `known`, the count when the window was counted
    /// before), so page one's round trip is not one of its own; then the rest, `concurrency` at a
    /// time, emitted in order. Guessed pages that turn out unneeded are dropped.
    private func list(
        _ window: Window, wanted: Int?, known: Int?, guessing: Bool = true, counted: Bool, state: inout State,
        emit: (JSONArrayBytes) -> Void
    ) async throws -> WindowOutcome {
        let client = self.client
        let query = self.query
        let limit = self.concurrency
        let firstSize = min(Self.pageSize, wanted ?? Self.pageSize)
        let guessEnd = min(wanted ?? Self.offsetCeiling, known ?? Self.offsetCeiling, Self.offsetCeiling)
        let guessed = guessing ? Array(stride(from: firstSize, to: guessEnd, by: Self.pageSize).prefix(limit - 1)) : []
        return try await withThrowingTaskGroup(of: Fetched.self) { group in
            func start(_ offset: Int, size: Int) {
                group.addTask {
                    let page = try await client.incidents(
                        query, since: window.since, until: window.until, limit: size, offset: offset, total: false)
                    return .page(offset: offset, incidents: page.elements)
                }
            }
            group.addTask {
                .first(try await client.incidents(
                    query, since: window.since, until: window.until, limit: firstSize, offset: 0, total: true))
            }
            var inFlight: Set<Int> = []
            for offset in guessed {
                start(offset, size: min(Self.pageSize, guessEnd - offset))
                inFlight.insert(offset)
            }
            var ready: [Int: JSONArrayBytes] = [:]
            var first: IncidentPage?
            while first == nil, let fetched = try await group.next() {
                switch fetched {
                case .first(let page): first = page
                case .page(let offset, let incidents):
                    inFlight.remove(offset)
                    ready[offset] = incidents
                }
            }
            guard let first else { throw CancellationError() }
            if counted, state.total == nil { state.total = first.total.map { min($0, cap ?? $0) } }
            guard let total = first.total else { return .uncounted(first) }
            if total > Self.offsetCeiling, wanted.map({ $0 > Self.offsetCeiling }) ?? true { return .crowded(total: total) }
            state.fetched += first.elements.count
            emit(first.elements)
            progress?(state.fetched, state.total)
            let end = min(total, wanted ?? total)
            let offsets = Array(stride(from: first.elements.count, to: end, by: Self.pageSize))
            let needed = Set(offsets)
            // A guess that missed (a short page one) is neither waited for nor written.
            inFlight.formIntersection(needed)
            ready = ready.filter { needed.contains($0.key) }
            var next = 0
            var written = 0
            while true {
                while written < offsets.count, let page = ready.removeValue(forKey: offsets[written]) {
                    let incidents = page.prefix(end - offsets[written])
                    state.fetched += incidents.count
                    emit(incidents)
                    written += 1
                    progress?(state.fetched, state.total)
                }
                guard written < offsets.count else { break }
                // Bounded both ways: requests in flight, and finished pages waiting for an earlier one.
                // Guessed pages may be written before `next` reaches them; they are not asked again.
                next = max(next, written)
                while next < offsets.count, inFlight.count < limit, inFlight.count + ready.count < 2 * limit {
                    let offset = offsets[next]
                    next += 1
                    if inFlight.contains(offset) || ready[offset] != nil { continue }
                    start(offset, size: min(Self.pageSize, end - offset))
                    inFlight.insert(offset)
                }
                // The page to write next is in flight, so the group is never empty here.
                guard let fetched = try await group.next() else { throw CancellationError() }
                if case .page(let offset, let incidents) = fetched, inFlight.remove(offset) != nil {
                    ready[offset] = incidents
                }
            }
            return .listed
        }
    }

    /// When PagerDuty does not count, follow `more` one page at a time.
    private func walkSerially(
        _ window: Window, first: IncidentPage, state: inout State, emit: (JSONArrayBytes) -> Void
    ) async throws {
        var page = first
        var offset = 0
        while true {
            var incidents = page.elements
            if let cap { incidents = incidents.prefix(cap - state.fetched) }
            state.fetched += incidents.count
            offset += page.elements.count
            emit(incidents)
            progress?(state.fetched, state.total)
            if let cap, state.fetched >= cap { return }
            guard page.more, !page.elements.isEmpty else { return }
            let size = min(Self.pageSize, cap.map { $0 - state.fetched } ?? Self.pageSize)
            guard offset + size <= Self.offsetCeiling else { throw IncidentListingError.uncounted(ceiling: Self.offsetCeiling) }
            page = try await client.incidents(
                query, since: window.since, until: window.until, limit: size, offset: offset, total: false)
        }
    }
}
