import Foundation
@testable import EveryAuthCore
import Testing

/// `JSONEscape` is the one definition of the canonical string form: the serializer writes its
/// escapes, and the compactor and the store scanner accept exactly the literals written that way.
@Suite struct JSONEscapeTests {
    /// The serializer's table, spelled out once more here as the specification.
    private static func expected(_ byte: UInt8) -> String {
        switch byte {
        case 0x22: return #"\""#
        case 0x5C: return #"\\"#
        case 0x0A: return #"\n"#
        case 0x0D: return #"\r"#
        case 0x09: return #"\t"#
        case 0x08: return #"\b"#
        case 0x0C: return #"\f"#
        default: return String(format: "\\u%04x", Int(byte))
        }
    }

    private static let special: [UInt8] = Array(0..<0x20) + [0x22, 0x5C]

    @Test func everyCharacterThatNeedsAnEscapeGetsItsOne() {
        for byte in Self.special {
            let escape = JSONEscape.canonical(byte)
            #expect(String(decoding: (0..<escape.count).map { escape[$0] }, as: UTF8.self) == Self.expected(byte))
        }
        #expect(JSONValue.quote("a\"b\\c\u{1}\u{7f}\u{e9}\n") == #""a\"b\\c\u0001"# + "\u{7f}\u{e9}" + #"\n""#)
    }

    /// Every escape JSON's grammar allows for the characters below 0x80 (and then some): accepted as
    /// canonical exactly when it is the serializer's spelling.
    @Test func onlyTheSerializersSpellingOfAnEscapeIsCanonical() {
        var spellings: [String] = ["\\/", "\\a", "\\", "\\u", "\\u00", "\\u001", "\\U0001"]
        for letter in "\"\\/bfnrt" { spellings.append("\\\(letter)") }
        for value in 0..<0x100 {
            spellings.append(String(format: "\\u%04x", value))
            spellings.append(String(format: "\\u%04X", value))
        }
        for value in [0x100, 0x1000, 0x0100, 0xD800, 0x2028, 0x10A, 0x1A0] { spellings.append(String(format: "\\u%04x", value)) }
        let canonical = Set(Self.special.map(Self.expected))
        var accepted = 0
        // `%04x` and `%04X` spell a value without hex letters the same way: count each spelling once.
        var seen: Set<String> = []
        for spelling in spellings where seen.insert(spelling).inserted {
            let length = ByteView.with(utf8: spelling + "xyz") { JSONEscape.canonicalLength($0, at: 0) }
            if canonical.contains(spelling) {
                #expect(length == spelling.utf8.count, "\(spelling)")
                accepted += 1
            } else {
                #expect(length == nil, "\(spelling)")
            }
        }
        #expect(accepted == canonical.count)
    }

    /// Random text quoted by the serializer is a canonical literal that reads back to the text;
    /// escaped any other way (`\/`, `\u` for a character that has a letter form, uppercase hex), it
    /// is not.
    @Test func quotedTextIsCanonicalAndOtherSpellingsAreNot() throws {
        var random = SplitMix(seed: 0xE5C)
        let pieces = ["a", "Z", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{1}", "\u{1f}", "\u{7f}", "\u{e9}", "\u{1F600}", "\u{FEFF}"]
        for _ in 0..<3_000 {
            let text = (0..<Int(random.next() % 24)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let quoted = Array(JSONValue.quote(text).utf8)
            let found = ByteView.with(quoted) { JSONEscape.canonicalLiteral($0, at: 0) }
            #expect(found?.end == quoted.count - 1, "\(text.debugDescription)")
            #expect(found?.escaped == quoted.contains(UInt8(ascii: "\\")))
            #expect(found?.nonASCII == text.utf8.contains { $0 >= 0x80 })
            #expect(try JSONValue.parse(Data(quoted)) == .string(text))
        }
        for other in [#""a\/b""#, #""\u000a""#, #""\u001F""#, #""\u0041""#, #""\u00e9""#, "\"\u{1}\"", "\"unterminated", #""\"#] {
            #expect(ByteView.with(utf8: other) { JSONEscape.canonicalLiteral($0, at: 0) } == nil, "\(other)")
        }
        // Invalid UTF-8 is never canonical.
        #expect(ByteView.with([0x22, 0xC3, 0x22]) { JSONEscape.canonicalLiteral($0, at: 0) } == nil)
    }
}
