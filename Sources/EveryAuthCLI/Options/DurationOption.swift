import ArgumentParser
import EveryAuthCore
import Foundation

/// Reads `30m`, `2h`, `45s` or plain seconds (fractions allowed) for `--for` and `--interval`.
enum DurationOption {
    /// Seconds, or a usage error naming `flag`.
    static func seconds(_ text: String, flag: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(trimmed)
        var unit = 1.0
        if let last = trimmed.last, let factor = units[last] {
            number = trimmed.dropLast()
            unit = factor
        }
        guard let value = Double(number), value.isFinite, value > 0 else {
            throw UsageError("\(flag): '\(text)' is not a duration; give seconds or a number with s, m, h or d (30m, 2h)")
        }
        return value * unit
    }
}
