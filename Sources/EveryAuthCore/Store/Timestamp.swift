import Foundation

/// ISO 8601 times as the store and `-o json` write them: UTC, whole seconds, `Z`
/// (`2026-11-29T03:40:49Z`, RFC 3339's profile).
package enum Timestamp {
    /// `2026-11-29T03:40:49Z`; the fraction of a second is dropped (rounded down).
    package static func format(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        write(date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `format(date)`'s UTF-8 to `out`, without a `String` (a listing writes thousands).
    package static func write(_ date: Date, into out: inout [UInt8]) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // Far beyond any real date (and non-finite) there is nothing sensible to print; clamp
        // rather than trap, since callers pass times computed from server data.
        let limit = 253_402_300_799.0  // 9999-12-31T23:59:59Z
        let whole = Int64(min(max(seconds.isNaN ? 0 : seconds, -62_167_219_200), limit))
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int64) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        two(year / 100); two(year % 100)
        out.append(UInt8(ascii: "-")); two(month)
        out.append(UInt8(ascii: "-")); two(day)
        out.append(UInt8(ascii: "T")); two(rest / 3600)
        out.append(UInt8(ascii: ":")); two(rest / 60 % 60)
        out.append(UInt8(ascii: ":")); two(rest % 60)
        out.append(UInt8(ascii: "Z"))
    }

    /// Exactly the form `format` writes (`YYYY-MM-DDTHH:MM:SSZ`, a real calendar date), nil otherwise.
    /// The store reads only this, so a file it decoded encodes to the same text (and a time it
    /// cannot write back never enters it).
    package static func parseExact(_ text: String) -> Date? {
        ByteView.with(utf8: text) { parseExact(utf8: $0) }
    }

    /// `parseExact` on UTF-8 bytes (the store reads times without making strings of them).
    static func parseExact(utf8 bytes: ByteView) -> Date? {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for offset in start..<start + count {
                let byte = bytes[offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = self.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// Accepts ISO 8601 times with or without fractional seconds and with any offset (user input,
    /// `--since`); the store uses `parseExact`.
    package static func parse(_ text: String) -> Date? {
        if let date = parseExact(text) { return date }
        // The fraction form is chosen by looking, not by trying one parser after another.
        let style = text.contains(".") ? Date.ISO8601FormatStyle(includingFractionalSeconds: true) : Date.ISO8601FormatStyle()
        do {
            return try style.parse(text)
        } catch {
            return nil
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays count: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
