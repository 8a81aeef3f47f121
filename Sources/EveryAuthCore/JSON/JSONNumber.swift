import Foundation

/// A JSON number kept as its literal text, so that what a server sent comes out exactly as sent
/// (`1e400`, `123456789012345678901234567890`, integers beyond 2^53) and a conversion to `Int` or
/// `Double` is always an explicit, checked step at the place that needs one.
///
/// Two numbers are equal when their literals are: `1` and `1.0` are different texts, and keeping
/// the text is the point.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number in JSON's grammar: as read, or as `init(_:)` wrote it.
    public let literal: String

    /// For the reader, which has already checked the grammar.
    init(checkedLiteral: String) {
        literal = checkedLiteral
    }

    /// A number from JSON text; nil unless `literal` is exactly one number in JSON's grammar
    /// (so `nan`, `inf`, `0x10`, `+1` and ` 1` are refused).
    public init?(literal: String) {
        let valid = ByteView.with(utf8: literal) { bytes in JSONNumber.grammarLength(bytes, from: 0) == bytes.count }
        guard valid, !literal.isEmpty else { return nil }
        self.literal = literal
    }

    /// An integer, written in decimal.
    public init(_ value: Int) {
        literal = String(value)
    }

    /// A number the code computed; nil for infinities and NaN, which JSON cannot express.
    /// Whole numbers below 2^53 are written without `.0` (as EveryAuth prints them); others in
    /// Swift's shortest round-tripping form.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value.rounded() == value, abs(value) < 9.0e15 {
            literal = String(Int64(value))
        } else {
            literal = String(value)
        }
    }

    public var description: String { literal }

    /// The nearest `Double`; nil when the literal is beyond `Double`'s range (`1e400`), so that
    /// an infinity never enters arithmetic by accident.
    public var doubleValue: Double? {
        guard let value = Double(literal), value.isFinite else { return nil }
        return value
    }

    /// The exact integer the literal denotes (`12`, `1.2e1`, `120e-1` are all 12); nil when it is
    /// not a whole number or does not fit in `Int`. Computed on the decimal digits, never through
    /// `Double`, so 9007199254740993 stays itself.
    public var intValue: Int? {
        ByteView.with(utf8: literal) { JSONNumber.exactInteger($0) }
    }

    /// How many bytes from `start` form a number in JSON's grammar; 0 when none do.
    static func grammarLength(_ bytes: ByteView, from start: Int) -> Int {
        var index = start
        func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9") }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return 0 }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            guard digit(index + 1) else { return 0 }
            index += 1
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { return 0 }
            while digit(index) { index += 1 }
        }
        return index - start
    }

    /// The integer a literal in JSON's grammar denotes, if it is whole and fits in `Int`.
    private static func exactInteger(_ bytes: ByteView) -> Int? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        // Significant digits (integer and fraction part) and the power of ten they are scaled by.
        var digits: [UInt8] = []
        var scale = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "."), bytes[index] | 0x20 != UInt8(ascii: "e") {
            digits.append(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] | 0x20 != UInt8(ascii: "e") {
                digits.append(bytes[index] - UInt8(ascii: "0"))
                scale -= 1
                index += 1
            }
        }
        if index < bytes.count {
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < bytes.count {
                // Past a million the answer no longer depends on the exact exponent.
                exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        while let first = digits.first, first == 0 { digits.removeFirst() }
        if digits.isEmpty { return 0 }
        while let last = digits.last, last == 0 {
            digits.removeLast()
            scale += 1
        }
        guard scale >= 0, digits.count + scale <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in digits { magnitude = magnitude * 10 + UInt64(digit) }
        for _ in 0..<scale { magnitude *= 10 }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }
}
