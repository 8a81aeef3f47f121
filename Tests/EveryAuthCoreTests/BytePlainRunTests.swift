@testable import EveryAuthCore
import Testing

/// `ByteView.plainRun`, the one scanner of string bytes, reads eight bytes at a time; it must find
/// exactly what a byte loop finds: the first `"`, `\` or control character, and whether any byte
/// before it is non-ASCII.
@Suite("Plain runs of string bytes")
struct BytePlainRunTests {
    /// The byte loop the word scan replaced.
    static func naive(_ bytes: [UInt8], from start: Int) -> (end: Int, nonASCII: Bool) {
        var index = start
        var nonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte >= 0x80 { nonASCII = true }
            index += 1
        }
        return (index, nonASCII)
    }

    @Test("every special byte at every position of strings up to 40 bytes, from every start, with and without non-ASCII bytes")
    func matchesTheByteLoop() {
        // Bytes next to the edges of each test: 0x1F/0x20, 0x21/0x22/0x23, 0x5B/0x5C/0x5D, 0x7F/0x80, 0xFF.
        let specials: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x22, 0x5C]
        let ordinary: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, UInt8(ascii: "a")]
        var checked = 0
        for length in 0...40 {
            for filler in ordinary {
                let plain = [UInt8](repeating: filler, count: length)
                for start in 0...length {
                    checked += check(plain, from: start)
                }
                for position in 0..<length {
                    for special in specials {
                        var bytes = plain
                        bytes[position] = special
                        for start in [0, 1, 7, 8, 9].filter({ $0 <= length }) {
                            checked += check(bytes, from: start)
                        }
                        // A non-ASCII byte after the special one is not part of the run.
                        if position + 1 < length, filler < 0x80 {
                            bytes[position + 1] = 0xC3
                            checked += check(bytes, from: 0)
                        }
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// Several special bytes in one word, and bytes one above or below them, where the word test's
    /// borrows mark bytes that do not match: only the first match may count.
    @Test("random mixes of special bytes and their neighbours")
    func neighboursOfSpecialBytesDoNotMove() {
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        var random = SplitMix(seed: 20261129)
        var checked = 0
        var firstSpecialInAWordAfterTheFirst = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let start = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            checked += check(bytes, from: start)
            let end = Self.naive(bytes, from: start).end
            if end < bytes.count, end - start >= 8, end - start < bytes.count { firstSpecialInAWordAfterTheFirst += 1 }
        }
        #expect(checked == 20_000 && firstSpecialInAWordAfterTheFirst > 20)
    }

    /// Long random strings of every byte value, weighted towards plain ASCII as real tokens are,
    /// scanned from every start and run after run, as the readers step through a literal.
    @Test("long random byte strings, run after run")
    func longRandomStringsRunAfterRun() {
        var random = SplitMix(seed: 0xB17E5)
        var checked = 0
        for _ in 0..<2_000 {
            let length = Int(random.next() % 200)
            let bytes = (0..<length).map { _ -> UInt8 in
                let roll = random.next()
                return roll % 16 == 0 ? UInt8(truncatingIfNeeded: roll >> 8) : UInt8(0x20 + (roll >> 8) % 0x5F)
            }
            var start = 0
            while start <= bytes.count {
                checked += check(bytes, from: start)
                start = Self.naive(bytes, from: start).end + 1
            }
        }
        #expect(checked > 2_000)
    }

    private func check(_ bytes: [UInt8], from start: Int) -> Int {
        let expected = Self.naive(bytes, from: start)
        let found = ByteView.with(bytes) { $0.plainRun(from: start) }
        #expect(found.end == expected.end, "\(bytes) from \(start)")
        #expect(found.nonASCII == expected.nonASCII, "\(bytes) from \(start)")
        return 1
    }
}
