import Foundation

/// The time windows of a listing: the 180-day spans of a long range, the count of each, and the
/// halves of one that holds more than offset pagination reaches.
extension IncidentListing {
    /// The windows this listing asks for, in listing order. A range with a start (`--since`,
    /// `--all-time`) is closed at `now` when it has no end and cut into spans of at most
    /// `maximumWindow`; without a start the one window is PagerDuty's default month (before
    /// `--until`, or before now).
    package func windows() -> [Window] {
        let start: Date
        if query.allTime {
            start = Self.earliest
        } else if let since = query.since {
            start = since
        } else {
            return [(nil, query.until)]
        }
        let end = query.until ?? now
        // An empty range goes as it is, for PagerDuty to refuse with its own words.
        guard start < end else { return [(start, end)] }
        var spans: [Window] = []
        var from = start
        while from < end {
            let to = min(from.addingTimeInterval(Self.maximumWindow), end)
            spans.append((from, to))
            from = to
        }
        return query.newestFirst ? spans.reversed() : spans
    }

    /// How many incidents each window holds (nil where PagerDuty does not say), asked with
    /// `total=true` and one incident per request, `concurrency` requests at a time.
    func counts(of windows: [Window]) async throws -> [Int?] {
        let client = self.client
        let query = self.query
        let limit = self.concurrency
        return try await withThrowingTaskGroup(of: (Int, Int?).self) { group in
            var totals = [Int?](repeating: nil, count: windows.count)
            var next = 0
            var inFlight = 0
            while next < windows.count || inFlight > 0 {
                while next < windows.count, inFlight < limit {
                    let index = next
                    let window = windows[index]
                    group.addTask {
                        let page = try await client.incidents(
                            query, since: window.since, until: window.until, limit: 1, offset: 0, total: true)
                        return (index, page.total)
                    }
                    next += 1
                    inFlight += 1
                }
                guard let (index, total) = try await group.next() else { break }
                inFlight -= 1
                totals[index] = total
            }
            return totals
        }
    }

    /// The window split in two halves of time, in listing order. Open ends are first closed at the
    /// oldest and newest matching incident.
    func halves(of window: Window, total: Int) async throws -> [Window] {
        let low: Date
        if let since = window.since { low = since } else { low = try await edge(window, newest: false) }
        let high: Date
        if let until = window.until { high = until } else { high = try await edge(window, newest: true).addingTimeInterval(1) }
        let lowSecond = low.timeIntervalSince1970.rounded(.down)
        let highSecond = high.timeIntervalSince1970.rounded(.up)
        guard highSecond - lowSecond >= 2 else {
            throw IncidentListingError.crowdedSecond(count: total, at: low, ceiling: Self.offsetCeiling)
        }
        let middle = Date(timeIntervalSince1970: (lowSecond + (highSecond - lowSecond) / 2).rounded(.down))
        let older = (since: Optional(low), until: Optional(middle))
        let newer = (since: Optional(middle), until: Optional(Date(timeIntervalSince1970: highSecond)))
        return query.newestFirst ? [newer, older] : [older, newer]
    }

    /// `created_at` of the oldest or newest incident in the window.
    func edge(_ window: Window, newest: Bool) async throws -> Date {
        var probe = query
        probe.sortBy = [newest ? "created_at:desc" : "created_at:asc"]
        let page = try await client.incidents(probe, since: window.since, until: window.until, limit: 1, offset: 0, total: false)
        guard !page.elements.isEmpty, let text = page.elements.value(at: 0)["created_at"]?.stringValue, let date = Timestamp.parse(text) else {
            throw PagerDutyError.malformedResponse(reason: "an incident without a readable created_at")
        }
        return date
    }
}
