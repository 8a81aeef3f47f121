import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for a whole store file (read, or about to be written), asked of the kernel in huge
/// pages where it has them. A store of 10,000 identities is some 9 MB: as ordinary pages that is
/// 2,000 page faults, which on a loaded virtual machine took longer than reading and scanning the
/// bytes (measured: ~20 ms of a 50 ms `identity token`; ~2 ms in huge pages). Not `mmap` of the
/// file itself: a file truncated in place by another program would then kill us with SIGBUS.
final class FileBuffer: ContiguousBytes {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    /// Whether `base` came from `mmap` (large) rather than `malloc` (small).
    private let mapped: Bool
    /// Bytes in use, from `base`.
    private(set) var count = 0

    /// Below this, `malloc` is cheaper than a mapping of its own.
    private static let mappingThreshold = 1 << 20
    private static let hugePage = 2 << 20

    /// Room for `capacity` bytes, none in use.
    init(capacity: Int) {
        if capacity >= Self.mappingThreshold {
            let length = (capacity + Self.hugePage - 1) / Self.hugePage * Self.hugePage
            let pointer = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let pointer, pointer != MAP_FAILED {
                #if canImport(Glibc)
                _ = madvise(pointer, length, MADV_HUGEPAGE)  // Advice only; ordinary pages otherwise.
                #endif
                base = pointer
                self.capacity = length
                mapped = true
                return
            }
        }
        base = malloc(max(capacity, 1))!
        self.capacity = max(capacity, 1)
        mapped = false
    }

    /// A copy of `bytes`.
    convenience init(copying bytes: [UInt8]) {
        self.init(capacity: bytes.count)
        append(bytes)
    }

    deinit {
        if mapped { munmap(base, capacity) } else { free(base) }
    }

    /// `ContiguousBytes`: how `ByteView.with` and the file writer see the bytes in use.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(UnsafeRawBufferPointer(start: base, count: count)) }
    }

    /// Calls `body` with the bytes in use as a `Data` that shares them (valid only during the call):
    /// the full decoder reads a store of megabytes without a copy of it.
    func withData<R>(_ body: (Data) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(Data(bytesNoCopy: base, count: count, deallocator: .none)) }
    }

    /// A copy of the bytes in use.
    var array: [UInt8] { ByteView.with(self) { $0.array } }

    /// Appends `bytes`; the buffer must have room (it is sized for what it will hold).
    func append(_ bytes: ByteView) {
        precondition(count + bytes.count <= capacity, "FileBuffer overflow")
        guard !bytes.isEmpty else { return }
        _ = bytes.withContiguousStorageIfAvailable { (base + count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        ByteView.with(bytes) { append($0) }
    }

    /// Appends the bytes of `other` in `range` (all of them when nil).
    func append(_ other: FileBuffer, _ range: Range<Int>? = nil) {
        ByteView.with(other) { append($0.slice(range ?? 0..<$0.count)) }
    }

    /// Fills the free room with up to `limit` bytes from `fill`, which returns how many it wrote
    /// (or a negative number, which is returned and nothing counted).
    private func fill(upTo limit: Int, _ fill: (UnsafeMutableRawPointer, Int) -> Int) -> Int {
        let room = min(limit, capacity - count)
        let got = fill(base + count, room)
        if got > 0 { count += got }
        return got
    }

    /// One read(2) from `fd` into the free room: what it returns (bytes read, 0 at the end, or -1
    /// with `errno` set), counting what was read.
    func read(from fd: Int32) -> Int {
        fill(upTo: Int.max) { start, room in
            #if canImport(Glibc)
            return Glibc.read(fd, start, room)
            #else
            return Darwin.read(fd, start, room)
            #endif
        }
    }

    /// Free room left.
    var room: Int { capacity - count }
}

extension ByteView {
    /// One write(2) to `fd` of the bytes from `offset` on: what it returns (bytes written, or -1
    /// with `errno` set).
    func write(to fd: Int32, from offset: Int) -> Int {
        slice(offset..<count).withContiguousStorageIfAvailable { bytes in
            #if canImport(Glibc)
            return Glibc.write(fd, bytes.baseAddress, bytes.count)
            #else
            return Darwin.write(fd, bytes.baseAddress, bytes.count)
            #endif
        } ?? -1
    }
}
