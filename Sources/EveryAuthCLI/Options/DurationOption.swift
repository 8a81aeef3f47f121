import ArgumentParser
import EveryAuthCore
import Foundation

/// Reads a span of time for `--for`, `--interval` and `--min-valid`: plain seconds (`90`, `0.5`),
/// one unit (`30m`, `2h`, `45s`, `1d`) or several, largest first as people write them (`1h30m`,
/// `1d12h`). Fractions are allowed in each part (`1.5h`).
enum DurationOption {
    /// Seconds in each unit, in the order a duration may name them.
    private static let units: [(Character, Double)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Seconds, or a usage error naming `flag`.
    static func seconds(_ text: String, flag: String) throws -> Double {
        let problem = UsageError("\(flag): '\(text)' is not a duration; give seconds or numbers with d, h, m or s (30m, 2h, 1h30m)")
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let plain = Double(trimmed) {
            guard plain.isFinite, plain > 0 else { throw problem }
            return plain
        }
        var total = 0.0
        var number = ""
        var next = units.startIndex
        for character in trimmed {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                continue
            }
            // A unit ends a part: it must follow a number and come after the previous part's unit.
            guard let index = units[next...].firstIndex(where: { $0.0 == character }), let value = Double(number), value.isFinite else {
                throw problem
            }
            total += value * units[index].1
            number = ""
            next = index + 1
        }
        guard number.isEmpty, total.isFinite, total > 0 else { throw problem }
        return total
    }
}
