import EveryAuthCore
import Foundation

/// Times in tables (SPEC §6): how long ago (`5m`, `3h`, `2d`) or how long until (`in 58m`), one
/// unit, rounded down, the way a person reads a list; every other format keeps the timestamp.
enum Age {
    /// The span from `date` to `now` in its largest unit: `45s`, `5m`, `3h`, `2d`, `3y`.
    static func text(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3_600: return "\(whole / 60)m"
        case ..<86_400: return "\(whole / 3_600)h"
        case ..<(365 * 86_400): return "\(whole / 86_400)d"
        default: return "\(whole / (365 * 86_400))y"
        }
    }

    /// How long ago `date` was: `5m`; a time ahead of `now` (a skewed clock) reads `0s`.
    static func since(_ date: Date, now: Date) -> String {
        text(now.timeIntervalSince(date))
    }

    /// `in 58m` for a time ahead, `3h ago` for one past (an expiry).
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        return seconds >= 0 ? "in " + text(seconds) : text(-seconds) + " ago"
    }

    /// A table cell holding a timestamp (`2026-11-29T08:00:00Z`) as its age; other text as it is.
    static func cell(_ text: String, now: Date) -> String {
        guard let date = Timestamp.parse(text) else { return text }
        return since(date, now: now)
    }
}

/// Times a person plans by (shifts, overrides, maintenance): the weekday, date and wall-clock
/// time in the reader's zone, `Thu 12-10 18:00`; the year only when it is not this one.
enum WallClock {
    static func text(_ date: Date, zone: TimeZone, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let thisYear = calendar.component(.year, from: now)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let day = String(format: "%02d-%02d", parts.month ?? 0, parts.day ?? 0)
        let year = parts.year == thisYear ? "" : "\(parts.year ?? 0)-"
        return "\(weekday) \(year)\(day) " + String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// A span's end or start as wall-clock time, or `-` (always, for a shift without bounds).
    static func optional(_ date: Date?, zone: TimeZone, now: Date) -> String? {
        date.map { text($0, zone: zone, now: now) }
    }
}
