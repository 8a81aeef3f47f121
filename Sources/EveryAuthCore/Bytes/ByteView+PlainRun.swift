/// The one byte scanner of JSON strings: every reader of string literals (the reader, the
/// compactor's canonical check, the store scanner, the serializer and the pretty printer) finds
/// the bytes that need a look through `plainRun`.
extension ByteView {
    /// Where the run of string bytes that need no escape starting at `start` ends: the index of the
    /// first `"`, `\` or control character (or `count`), and whether a byte of the run is non-ASCII
    /// (so UTF-8 must be checked). Eight bytes at a time: most strings in API bodies and the store's
    /// tokens are runs of plain ASCII, and a byte loop over them was a tenth of a listing's CPU.
    @inline(__always)
    func plainRun(from start: Int) -> (end: Int, nonASCII: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        var seen: UInt64 = 0
        while index + 8 <= count {
            let word = word(at: index)
            // A byte of `word` equal to `"` or `\`, or below 0x20: the classic "has a zero byte" test
            // (exact for whether any byte matches) on word ^ pattern, and "has a byte < n" ("Bit
            // Twiddling Hacks": a byte below n sets its high bit in `(w - n) & ~w`).
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & highs
            if special != 0 {
                // A borrow can mark bytes above a matching one, never below it: the lowest mark is the
                // first match (the word is little-endian).
                let plain = special.trailingZeroBitCount >> 3
                seen |= word & ((1 &<< UInt64(plain &* 8)) &- 1)
                return (index + plain, seen & highs != 0)
            }
            seen |= word
            index += 8
        }
        while index < count {
            let byte = self[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            seen |= UInt64(byte)
            index += 1
        }
        return (index, seen & highs != 0)
    }
}
