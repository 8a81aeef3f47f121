import Foundation

/// ISO 8601 times as PagerDuty reads and writes them, in whole seconds since the epoch, with the
/// fake's own calendar arithmetic (proleptic Gregorian, UTC) so that it shares nothing with the
/// client's time code.
public enum FakeTime {
    /// `YYYY-MM-DDTHH:MM:SSZ`, as PagerDuty writes times.
    public static func format(_ seconds: Int) -> String {
        let days = floorDivide(seconds, 86_400)
        let clock = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, clock / 3600, clock / 60 % 60, clock % 60)
    }

    /// `seconds` as PagerDuty renders a time in an IANA `zone`: `Z` for the UTC zones, otherwise
    /// the local wall time with that zone's offset at that instant, e.g. `2026-12-07T04:00:00-05:00`.
    public static func format(_ seconds: Int, in zone: TimeZone) -> String {
        let utcNames: Set<String> = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"]
        if utcNames.contains(zone.identifier) { return format(seconds) }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let local = format(seconds + offset).dropLast()
        let magnitude = abs(offset)
        return local + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 3600, magnitude / 60 % 60)
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`, `±HH:MM` or `±HHMM`;
    /// a time without an offset is read in `zone` (PagerDuty reads it in the account's or the
    /// `time_zone` parameter's zone). Fractions are dropped. Nil when it is not such a time.
    public static func parse(_ text: String, zone: TimeZone = TimeZone(identifier: "UTC")!) -> Int? {
        var scanner = Digits(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), (1...12).contains(month), (1...daysIn(month, of: year)).contains(day)
        else { return nil }
        let date = days(year: year, month: month, day: day) * 86_400
        if scanner.atEnd { return date - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(date))) }
        guard scanner.skip("T") || scanner.skip(" "), let hour = scanner.number(2), hour < 24, scanner.skip(":"),
              let minute = scanner.number(2), minute < 60 else { return nil }
        var second = 0
        if scanner.skip(":") {
            guard let value = scanner.number(2), value < 60 else { return nil }
            second = value
            if scanner.skip(".") || scanner.skip(",") {
                guard scanner.digitRun() > 0 else { return nil }
            }
        }
        let local = date + hour * 3600 + minute * 60 + second
        if scanner.atEnd { return local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))) }
        if scanner.skip("Z") || scanner.skip("z") { return scanner.atEnd ? local : nil }
        let sign: Int
        if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
        guard let offsetHours = scanner.number(2), offsetHours < 24 else { return nil }
        _ = scanner.skip(":")
        guard let offsetMinutes = scanner.number(2), offsetMinutes < 60, scanner.atEnd else { return nil }
        return local - sign * (offsetHours * 3600 + offsetMinutes * 60)
    }

    /// `seconds` moved by `months` calendar months in UTC, the day clamped to the month's last
    /// (31 March minus one month is 28 or 29 February), the time of day kept.
    public static func adding(months: Int, to seconds: Int) -> Int {
        let dayNumber = floorDivide(seconds, 86_400)
        let clock = seconds - dayNumber * 86_400
        let (year, month, day) = civil(fromDays: dayNumber)
        let index = year * 12 + (month - 1) + months
        let newYear = floorDivide(index, 12)
        let newMonth = index - newYear * 12 + 1
        let newDay = min(day, daysIn(newMonth, of: newYear))
        return days(year: newYear, month: newMonth, day: newDay) * 86_400 + clock
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A cursor over ASCII bytes.
    private struct Digits {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
            index += 1
            return true
        }

        /// Exactly `count` decimal digits.
        mutating func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        /// Skips digits; how many.
        mutating func digitRun() -> Int {
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - start
        }
    }
}
