import Foundation

/// Growable bytes with one owner, handed over as `Data` without a copy: the compactor's output
/// and scratch. A listing writes every byte of every page through one of these, so appends are
/// a capacity check and a copy (an array's uniqueness check and bounds checks cost more here).
struct OwnedBytes: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes written, from the start.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 1)
    }

    deinit { base.deallocate() }

    /// The bytes written, handed over without a copy; the buffer starts again empty and small.
    mutating func takeData() -> Data {
        let taken = Data(bytesNoCopy: base, count: count, deallocator: .custom { pointer, _ in pointer.deallocate() })
        capacity = 64
        base = .allocate(byteCount: capacity, alignment: 1)
        count = 0
        return taken
    }

    /// Forgets the bytes from `count` on, keeping the memory.
    mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count, "OwnedBytes.truncate beyond its bytes")
        self.count = count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base.storeBytes(of: first, toByteOffset: count, as: UInt8.self)
        base.storeBytes(of: second, toByteOffset: count + 1, as: UInt8.self)
        count += 2
    }

    @inline(__always)
    mutating func append(_ bytes: ByteView) {
        guard !bytes.isEmpty else { return }
        reserve(bytes.count)
        _ = bytes.withContiguousStorageIfAvailable { (base + count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        ByteView.with(bytes) { append($0) }
    }

    /// Appends the bytes of `other` in `range`.
    mutating func append(_ other: borrowing OwnedBytes, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= other.count, "OwnedBytes range beyond its bytes")
        reserve(range.count)
        (base + count).copyMemory(from: other.base + range.lowerBound, byteCount: range.count)
        count += range.count
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let grown = max(capacity * 2, count + extra)
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 1)
        bigger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }
}
