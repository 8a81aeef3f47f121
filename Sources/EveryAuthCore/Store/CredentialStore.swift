import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON file of SPEC.md §3 and the rules for changing it: created 0700/0600, every
/// read-modify-write under an exclusive `flock` on `everyauth.lock`, written atomically
/// (unique temp file, fsync, rename), and a file it cannot understand never overwritten.
public final class CredentialStore: Sendable {
    /// The config directory.
    public let directory: URL
    /// `everyauth.json`.
    public let fileURL: URL
    /// `everyauth.lock`, the file whose `flock` serializes writers.
    public let lockURL: URL
    /// How long to wait for another process's lock before giving up.
    public let lockTimeout: TimeInterval

    public init(directory: URL, lockTimeout: TimeInterval = 15) {
        self.directory = directory
        fileURL = directory.appendingPathComponent("everyauth.json", isDirectory: false)
        lockURL = directory.appendingPathComponent("everyauth.lock", isDirectory: false)
        self.lockTimeout = lockTimeout
    }

    /// The store as it is on disk now; an empty store when the file does not exist yet.
    public func read() throws -> StoreDocument {
        let path = fileURL.path
        let data: Data
        do {
            data = try Data(contentsOf: fileURL)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return StoreDocument()
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return StoreDocument() }
            throw StoreError.io(path: path, operation: "read", reason: Self.reason(error))
        }
        return try StoreDocument.decode(data, path: path)
    }

    /// Reads, lets `body` change the document, and writes it back if it changed, all under the lock.
    /// When `body` throws, nothing is written.
    public func update<T>(_ body: (inout StoreDocument) throws -> T) throws -> T {
        let lock = try acquireLock()
        defer { lock.release() }
        var document = try read()
        let original = document
        let result = try body(&document)
        if document != original { try write(document) }
        return result
    }

    /// The async form of `update`, for changes that call the network while holding the lock
    /// (a refresh must not let two processes spend the same refresh token).
    public func update<T>(_ body: (inout StoreDocument) async throws -> T) async throws -> T {
        let lock = try acquireLock()
        defer { lock.release() }
        var document = try read()
        let original = document
        let result = try await body(&document)
        if document != original { try write(document) }
        return result
    }

    /// A warning (without a "warning:" prefix) when other users can access the store file, else nil.
    public func permissionWarning() -> String? {
        var info = stat()
        guard stat(fileURL.path, &info) == 0 else { return nil }
        guard info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(Int(info.st_mode & 0o777), radix: 8)
        return "\(fileURL.path) is accessible by other users (mode \(mode)); run 'chmod 600 \(fileURL.path)'"
    }

    // MARK: - Writing

    private func write(_ document: StoreDocument) throws {
        let data = document.encoded()
        removeStaleTempFiles()
        let temp = directory.appendingPathComponent(
            ".everyauth.json.\(getpid()).\(SecureRandom.bytes(6).map { String(format: "%02x", $0) }.joined()).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError(fileURL.path, "write") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            guard fchmod(fd, 0o600) == 0 else { throw Self.ioError(fileURL.path, "write") }
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Self.systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw Self.ioError(fileURL.path, "write")
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw Self.ioError(fileURL.path, "write") }
            closed = true
            guard close(fd) == 0 else { throw Self.ioError(fileURL.path, "write") }
            guard rename(temp.path, fileURL.path) == 0 else { throw Self.ioError(fileURL.path, "replace") }
        } catch {
            unlink(temp.path)
            throw error
        }
        // Make the rename itself durable.
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Deletes temp files of writers killed mid-write (seen in the crash tests). Safe: only the lock
    /// holder writes, and this runs under the lock, so no temp file here belongs to a live writer.
    private func removeStaleTempFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".everyauth.json.") && name.hasSuffix(".tmp") {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    // MARK: - Locking

    /// An acquired `flock`; closing the descriptor releases it (also when the process dies).
    private struct HeldLock {
        let fd: Int32
        func release() {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    private func acquireLock() throws -> HeldLock {
        try ensureDirectory()
        let fd = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError(lockURL.path, "open") }
        fchmod(fd, 0o600)
        let deadline = Date().addingTimeInterval(lockTimeout)
        var pause: useconds_t = 2_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw StoreError.io(path: lockURL.path, operation: "lock", reason: String(cString: strerror(code)))
            }
            if Date() >= deadline {
                close(fd)
                throw StoreError.lockTimeout(path: lockURL.path, seconds: lockTimeout)
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        return HeldLock(fd: fd)
    }

    /// Creates the config directory (and parents) with mode 0700 for the ones it creates.
    private func ensureDirectory() throws {
        var missing: [URL] = []
        var current = directory
        while !FileManager.default.fileExists(atPath: current.path) {
            missing.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        for dir in missing.reversed() {
            if mkdir(dir.path, 0o700) != 0 && errno != EEXIST {
                throw Self.ioError(dir.path, "create directory")
            }
            chmod(dir.path, 0o700)
        }
    }

    /// write(2); named apart from `write(_:)` above, and portable between Glibc and Darwin.
    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, bytes, count)
        #else
        return Darwin.write(fd, bytes, count)
        #endif
    }

    private static func ioError(_ path: String, _ operation: String) -> StoreError {
        StoreError.io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
