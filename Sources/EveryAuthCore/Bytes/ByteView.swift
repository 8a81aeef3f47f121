import Foundation

/// Read-only bytes that someone else owns (a `Data`, an array, a string's UTF-8, a `FileBuffer`),
/// valid only inside the closure of `ByteView.with` that made them: how the JSON reader, the
/// compactor and the store's scanner and decoder look at memory without touching a pointer.
///
/// Reads are checked in debug builds and trusted in release builds, as the standard library's raw buffers'
/// are (a check per byte was measurable in the listing's and the store scan's loops); the fuzz
/// targets, built with AddressSanitizer, drive every parser that reads through it.
struct ByteView: RandomAccessCollection {
    private let raw: UnsafeRawBufferPointer

    private init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    /// Calls `body` with a view of `bytes`, valid only during the call.
    static func with<R>(_ bytes: some ContiguousBytes, _ body: (ByteView) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(ByteView($0)) }
    }

    /// Calls `body` with a view of `text`'s UTF-8, valid only during the call.
    static func with<R>(utf8 text: String, _ body: (ByteView) throws -> R) rethrows -> R {
        var text = text
        return try text.withUTF8 { try body(ByteView(UnsafeRawBufferPointer($0))) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { raw.count }
    var count: Int { raw.count }

    @inline(__always)
    subscript(position: Int) -> UInt8 { raw[position] }

    /// The bytes in `range`, indexed from 0.
    @inline(__always)
    func slice(_ range: Range<Int>) -> ByteView { ByteView(UnsafeRawBufferPointer(rebasing: raw[range])) }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(raw.assumingMemoryBound(to: UInt8.self))
    }

    /// A copy.
    var array: [UInt8] { Array(raw) }

    /// The bytes as text; they must be valid UTF-8 (checked before, or replaced by U+FFFD).
    var string: String { String(decoding: raw, as: UTF8.self) }

    /// The bytes as text when they are valid UTF-8.
    var validString: String? { String(validating: raw, as: UTF8.self) }

    /// The eight bytes at `offset` as one little-endian word (byte `offset` lowest).
    @inline(__always)
    func word(at offset: Int) -> UInt64 {
        assert(offset >= 0 && offset + 8 <= count, "ByteView.word(at:) out of bounds")
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The first eight bytes, big-endian and zero-padded: as integers these order as the bytes do
    /// (up to the eighth).
    var prefixWord: UInt64 {
        if count >= 8 { return word(at: 0).byteSwapped }
        var prefix: UInt64 = 0
        for index in 0..<8 { prefix = prefix << 8 | UInt64(index < count ? raw[index] : 0) }
        return prefix
    }

    /// True when `literal`'s UTF-8 is at `offset` (false when it would not fit).
    @inline(__always)
    func has(_ literal: StaticString, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset >= 0, count - offset >= length else { return false }
        return length == 0 || memcmp(raw.baseAddress! + offset, literal.utf8Start, length) == 0
    }

    /// True when the bytes are exactly `literal`'s UTF-8.
    func spells(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && has(literal, at: 0)
    }

    /// Byte order (shorter first on a tie): negative, zero or positive as `self` comes before,
    /// equals or follows `other`.
    func compare(_ other: ByteView) -> Int {
        let shorter = Swift.min(count, other.count)
        if shorter > 0 {
            let order = memcmp(raw.baseAddress!, other.raw.baseAddress!, shorter)
            if order != 0 { return Int(order) }
        }
        return count - other.count
    }

    /// True when the bytes are `other`'s.
    func equals(_ other: [UInt8]) -> Bool {
        other.count == count && ByteView.with(other) { compare($0) == 0 }
    }
}

extension Array where Element == UInt8 {
    /// Appends the bytes of `view` in one copy.
    @inline(__always)
    mutating func append(_ view: ByteView) {
        _ = view.withContiguousStorageIfAvailable { append(contentsOf: $0) }
    }
}
