import Foundation
@testable import EveryAuthCore
import Testing

/// The audited byte types (`ByteView`, `OwnedBytes`, `FileBuffer`) against plain array code, at
/// their bounds and over random inputs.
@Suite struct ByteViewTests {
    @Test func literalsAreFoundOnlyWhereTheyFitWhole() {
        ByteView.with(Array("{\"id\": 1}".utf8)) { bytes in
            #expect(bytes.has("{\"id\"", at: 0))
            #expect(bytes.has("1}", at: 7))
            #expect(!bytes.has("1}x", at: 7))  // Would run past the end.
            #expect(!bytes.has("{", at: -1))
            #expect(!bytes.has("}", at: 9))
            #expect(bytes.has("", at: 9))
            #expect(bytes.slice(2..<4).spells("id"))
            #expect(!bytes.slice(2..<5).spells("id"))
            #expect(bytes.slice(3..<3).spells(""))
        }
    }

    @Test func wordsArePrefixesAndOrderAgreeWithTheBytes() {
        var random = SplitMix(seed: 0x0B7E)
        let alphabet: [UInt8] = [0x00, 0x01, 0x41, 0x42, 0x7F, 0x80, 0xFE, 0xFF]
        for _ in 0..<5_000 {
            let a = (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % 8)] }
            let b = random.next() % 3 == 0 ? a : (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % 8)] }
            ByteView.with(a) { x in
                ByteView.with(b) { y in
                    let order = x.compare(y)
                    let expected = a.lexicographicallyPrecedes(b) ? -1 : a == b ? 0 : 1
                    #expect(order.signum() == expected, "\(a) \(b)")
                    #expect(x.equals(b) == (a == b))
                    // Prefix words order as the first eight bytes do.
                    let (pa, pb) = (x.prefixWord, y.prefixWord)
                    let eight = (Array(a.prefix(8)) + Array(repeating: 0, count: 8 - min(a.count, 8)),
                                 Array(b.prefix(8)) + Array(repeating: 0, count: 8 - min(b.count, 8)))
                    #expect((pa < pb) == eight.0.lexicographicallyPrecedes(eight.1))
                    #expect((pa == pb) == (eight.0 == eight.1))
                    if a.count >= 8 {
                        let word = x.word(at: a.count - 8)
                        #expect(word == a.suffix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) })
                    }
                }
            }
        }
    }

    @Test func viewsOfTextDataAndSlicesSeeTheSameBytes() {
        let text = "caf\u{e9} \u{1F600}"
        #expect(ByteView.with(utf8: text) { $0.array } == Array(text.utf8))
        #expect(ByteView.with(Data(text.utf8)) { $0.string } == text)
        #expect(ByteView.with(utf8: text) { $0.slice(3..<5).validString } == "\u{e9}")
        #expect(ByteView.with(utf8: text) { $0.slice(3..<4).validString } == nil)  // Half of é.
        #expect(ByteView.with(utf8: text) { String(decoding: $0, as: UTF8.self) } == text)
        var out: [UInt8] = [1]
        ByteView.with(utf8: "abc") { out.append($0.slice(1..<3)) }
        #expect(out == [1, UInt8(ascii: "b"), UInt8(ascii: "c")])
    }

    @Test func ownedBytesWriteWhatAnArrayWouldAcrossGrowth() {
        var random = SplitMix(seed: 77)
        for _ in 0..<200 {
            var buffer = OwnedBytes(capacity: Int(random.next() % 100))
            var other = OwnedBytes(capacity: 1)
            other.append(Array("0123456789".utf8))
            var expected: [UInt8] = []
            for _ in 0..<Int(random.next() % 60) {
                switch random.next() % 5 {
                case 0:
                    let byte = UInt8(truncatingIfNeeded: random.next())
                    buffer.append(byte)
                    expected.append(byte)
                case 1:
                    buffer.append(1, 2)
                    expected += [1, 2]
                case 2:
                    let run = [UInt8](repeating: UInt8(truncatingIfNeeded: random.next()), count: Int(random.next() % 90))
                    buffer.append(run)
                    expected += run
                case 3:
                    buffer.append(other, 3..<7)
                    expected += Array("3456".utf8)
                default:
                    let keep = expected.isEmpty ? 0 : Int(random.next() % UInt64(expected.count))
                    buffer.truncate(to: keep)
                    expected.removeLast(expected.count - keep)
                }
                #expect(buffer.count == expected.count)
            }
            #expect([UInt8](buffer.takeData()) == expected)
            #expect(buffer.count == 0)
            buffer.append(9)
            #expect([UInt8](buffer.takeData()) == [9])
        }
    }

    @Test func aFileBufferAppendsAndSharesItsBytes() {
        let large = FileBuffer(capacity: 3 << 20)  // Mapped, not malloc'd.
        let small = FileBuffer(copying: Array("hello, world".utf8))
        large.append(small, 7..<12)
        large.append(Array(", ".utf8))
        large.append(small)
        #expect(large.array == Array("world, hello, world".utf8))
        #expect(large.count == 19)
        #expect(large.withData { [UInt8]($0) } == large.array)
        #expect(ByteView.with(large) { $0.slice(0..<5).spells("world") })
    }
}
