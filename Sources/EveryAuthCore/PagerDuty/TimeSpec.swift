import Foundation

/// A `--since`/`--until` value: an ISO 8601 time or a span back from now (`30m`, `2h`, `7d`, `2w`).
package enum TimeSpec {
    /// Seconds per unit of the relative forms.
    private static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses `text` relative to `now` as the value of `input` (`.since` or `.until`);
    /// `InvalidInput` when it is neither form.
    package static func parse(_ text: String, as input: InvalidInput.Input = .since, now: Date = Date()) throws(InvalidInput) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = trimmed.last, let seconds = units[unit], let count = Int(trimmed.dropLast()), count >= 0 {
            return now.addingTimeInterval(-Double(count) * seconds)
        }
        if let date = Timestamp.parse(trimmed) { return date }
        // A bare date means its midnight in UTC.
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(trimmed) { return date }
        throw InvalidInput(input, "'\(text)' is not a time; give ISO 8601 (2026-11-29T08:00:00Z, 2026-11-29) or a span back from now (30m, 2h, 7d, 2w)")
    }

    /// The form sent to PagerDuty: ISO 8601 in UTC, whole seconds.
    package static func format(_ date: Date) -> String {
        Timestamp.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}
