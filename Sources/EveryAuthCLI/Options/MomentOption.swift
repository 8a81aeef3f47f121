import ArgumentParser
import EveryAuthCore
import Foundation

/// Reads a point in time for `--at`, `--start`, `--end`, `--since` and `--until` of the on-call
/// commands, as a person at a terminal writes one: `now`; a span ahead (`+2h`, `in 1h30m`) or
/// back (`-30m`, `2d ago`); ISO 8601 with an offset (`2026-12-10T18:00:00Z`); or a wall-clock
/// time in `zone` (`2026-12-10 18:00`, `2026-12-10T18:00`, `2026-12-10`, `18:00` today).
enum MomentOption {
    /// The instant `text` names, relative to `now`, or a usage error naming `flag`.
    static func date(_ text: String, flag: String, zone: TimeZone, now: Date = Date()) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if lowered == "now" { return now }
        if let span = try relative(lowered, flag: flag) { return now.addingTimeInterval(span) }
        if let instant = Timestamp.parse(trimmed) { return instant }
        if let wall = wallClock(trimmed, zone: zone, now: now) { return wall }
        throw UsageError("\(flag): '\(text)' is not a time; give now, +2h, 30m ago, 2026-12-10 18:00 (in \(zone.identifier)) or ISO 8601 with an offset")
    }

    /// A signed span in seconds for `+D`, `in D`, `-D`, `D ago`; nil for any other form.
    private static func relative(_ text: String, flag: String) throws -> TimeInterval? {
        let forms: [(prefix: String, suffix: String, sign: Double)] = [("+", "", 1), ("in ", "", 1), ("-", "", -1), ("", " ago", -1)]
        for form in forms where text.hasPrefix(form.prefix) && text.hasSuffix(form.suffix) && text.count > form.prefix.count + form.suffix.count {
            let body = String(text.dropFirst(form.prefix.count).dropLast(form.suffix.count)).trimmingCharacters(in: .whitespaces)
            // Only a duration with a unit: `2026-12-10` is a date, not minus a number.
            guard body.contains(where: { "dhms".contains($0) }), body.first?.isNumber == true else { continue }
            return form.sign * (try DurationOption.seconds(body, flag: flag))
        }
        return nil
    }

    /// `YYYY-MM-DD[( |T)HH:MM[:SS]]` or `HH:MM[:SS]` (today) as wall-clock time in `zone`.
    private static func wallClock(_ text: String, zone: TimeZone, now: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        var day = calendar.dateComponents([.year, .month, .day], from: now)
        var clock = "00:00"
        switch parts.count {
        case 1 where parts[0].contains(":"): clock = parts[0]
        case 1, 2:
            let date = parts[0].split(separator: "-").compactMap { Int($0) }
            guard date.count == 3, parts[0].split(separator: "-").count == 3 else { return nil }
            day = DateComponents(year: date[0], month: date[1], day: date[2])
            if parts.count == 2 { clock = parts[1] }
        default: return nil
        }
        let time = clock.split(separator: ":").map { Int($0) }
        guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }) else { return nil }
        let (hour, minute, second) = (time[0]!, time[1]!, time.count == 3 ? time[2]! : 0)
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second),
              let year = day.year, let month = day.month, let dayOfMonth = day.day else { return nil }
        let components = DateComponents(year: year, month: month, day: dayOfMonth, hour: hour, minute: minute, second: second)
        // A date that does not exist (Feb 30) is refused rather than rolled over.
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: dayOfMonth) else {
            return nil
        }
        return date
    }

    /// The zone `--time-zone` names, else `$TZ`, else the system's; a usage error for a name the
    /// time zone database does not know.
    static func zone(_ name: String?, environment: [String: String]) throws -> TimeZone {
        if let name {
            guard let zone = TimeZone(identifier: name) else {
                throw UsageError("--time-zone: '\(name)' is not a time zone; give an IANA name such as Europe/Berlin or UTC")
            }
            return zone
        }
        if let variable = environment["TZ"].map({ $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }), let zone = TimeZone(identifier: variable) {
            return zone
        }
        return TimeZone.current
    }
}

/// `--time-zone ZONE` of the commands that take or show wall-clock times: one option, one rule
/// (`MomentOption.zone`), in every such command.
struct TimeZoneOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Time zone of the times typed and shown in tables (default: $TZ, else the system's).", valueName: "zone"))
    var timeZone: String?

    func validate() throws {
        try validatingUsage { _ = try MomentOption.zone(timeZone, environment: [:]) }
    }

    /// The zone: `--time-zone`, else `$TZ` of the command's environment, else the system's.
    func zone(_ context: CommandContext) throws -> TimeZone {
        try MomentOption.zone(timeZone, environment: context.environment.variables)
    }
}
