import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON file of SPEC.md §3 and the rules for changing it: created 0700/0600, every
/// read-modify-write under an exclusive `flock` on `everyauth.lock`, written atomically
/// (unique temp file, fsync, rename), and a file it cannot understand never overwritten. Files are
/// opened without following symlinks, in a directory only this user may write (SPEC §3 "Trust").
public final class FileStore: Sendable {
    /// The config directory.
    public let directory: URL
    /// `everyauth.json`.
    public let fileURL: URL
    /// `everyauth.lock`, the file whose `flock` serializes writers.
    public let lockURL: URL
    /// How long to wait for another process's lock before giving up.
    public let lockTimeout: TimeInterval
    /// The keys that open and seal tokens and secrets (none: plaintext).
    package let keys: StoreKeys

    /// The JSON file `everyauth.json` in `directory`; a write waits at most `lockTimeout` seconds for the lock.
    /// Tokens and secrets are encrypted with the first of `keys` and opened with any of them (SPEC §3).
    public init(directory: URL, lockTimeout: TimeInterval = 15, keys: StoreKeys = StoreKeys()) {
        self.directory = directory
        fileURL = directory.appendingPathComponent("everyauth.json", isDirectory: false)
        lockURL = directory.appendingPathComponent("everyauth.lock", isDirectory: false)
        self.lockTimeout = lockTimeout
        self.keys = keys
    }

    /// The store as it is on disk now; an empty store when the file does not exist yet.
    package func read() throws -> StoreDocument {
        guard let buffer = try readTrustedBytes(fileURL) else { return StoreDocument() }
        return try Self.decode(buffer, path: fileURL.path)
    }

    /// The store as it is on disk now, scanned when it is in the encoder's own form (see
    /// `StoreScanner`), else decoded whole, which also reports any problem.
    func readContents() throws -> Contents {
        guard let buffer = try readTrustedBytes(fileURL) else { return .decoded(StoreDocument()) }
        if let scan = StoreScan(buffer: buffer, path: fileURL.path) { return .scanned(scan) }
        return .decoded(try Self.decode(buffer, path: fileURL.path))
    }

    /// What `readContents` found.
    enum Contents {
        case scanned(StoreScan)
        case decoded(StoreDocument)
    }

    /// The full decoder on `buffer`, without copying it into a `Data` of its own.
    private static func decode(_ buffer: FileBuffer, path: String) throws -> StoreDocument {
        try buffer.withData { try StoreDocument.decode($0, path: path) }
    }

    /// Reads, lets `body` change the document, and writes it back if it changed, all under the lock.
    /// When `body` throws, nothing is written.
    package func update<T>(_ body: (inout StoreDocument) throws -> T) throws -> T {
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
    package func update<T>(_ body: (inout StoreDocument) async throws -> T) async throws -> T {
        let lock = try await acquireLock()
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

    // MARK: - Trust (SPEC §3)

    /// A file of the config directory as `Data` (see `readTrustedBytes`); nil when absent.
    func readTrustedFile(_ url: URL) throws -> Data? {
        try readTrustedBytes(url).map { $0.withUnsafeBytes { Data($0) } }
    }

    /// The bytes of a file of the config directory, nil when it does not exist. The directory must
    /// be trusted, and the file is opened without following a symlink, then checked to be a regular
    /// file of this user. Read with one read(2) of its size into one buffer: the store may be megabytes.
    func readTrustedBytes(_ url: URL) throws -> FileBuffer? {
        try checkDirectoryTrust()
        let path = url.path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw Self.symlinkError(path) }
            throw StoreError.io(path: path, operation: "read", reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        let size = try checkOpenFile(fd, path: path)
        // One byte more than the size, so the read that finds the end usually needs no new buffer.
        var buffer = FileBuffer(capacity: size + 1)
        while true {
            if buffer.room == 0 {
                // The file grew since fstat (edited in place; our own writers rename).
                let bigger = FileBuffer(capacity: buffer.count * 2)
                bigger.append(buffer)
                buffer = bigger
            }
            let got = buffer.read(from: fd)
            if got < 0 {
                if errno == EINTR { continue }
                throw Self.ioError(path, "read")
            }
            if got == 0 { return buffer }
        }
    }

    /// Refuses a config directory that another user owns or that group or others may write: they
    /// could swap the store or the lock file for their own (ssh's rule for ~/.ssh).
    private func checkDirectoryTrust() throws {
        var info = stat()
        guard stat(directory.path, &info) == 0 else { return }  // Not there yet: created 0700 on first write.
        let path = directory.path
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw StoreError.untrusted(path: path, problem: "it is not a directory", fix: "move it away or choose another config directory")
        }
        guard info.st_uid == geteuid() else {
            throw StoreError.untrusted(path: path, problem: "it belongs to user id \(info.st_uid), not to you (\(geteuid()))",
                                       fix: "run 'chown \(geteuid()) \(path)' or choose another config directory")
        }
        guard info.st_mode & 0o022 == 0 else {
            let mode = String(Int(info.st_mode & 0o777), radix: 8)
            throw StoreError.untrusted(path: path, problem: "group or others may write to it (mode \(mode))",
                                       fix: "run 'chmod go-w \(path)'")
        }
    }

    /// Refuses an opened store or lock file that is not a regular file of this user; its size.
    @discardableResult
    private func checkOpenFile(_ fd: Int32, path: String) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.ioError(path, "inspect") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.untrusted(path: path, problem: "it is not a regular file", fix: "move it away and run the command again")
        }
        guard info.st_uid == geteuid() else {
            throw StoreError.untrusted(path: path, problem: "it belongs to user id \(info.st_uid), not to you (\(geteuid()))",
                                       fix: "run 'chown \(geteuid()) \(path)', or move it away")
        }
        return Int(info.st_size)
    }

    private static func symlinkError(_ path: String) -> StoreError {
        .untrusted(path: path, problem: "it is a symbolic link, which everyauth does not follow",
                   fix: "replace it with the file itself (or remove it: 'rm \(path)')")
    }

    // MARK: - Writing

    private func write(_ document: StoreDocument) throws {
        try writeAtomically(document.encoded(), to: fileURL)
    }

    /// Replaces a file of the config directory atomically (temp file, fsync, rename); only under
    /// the target's lock (`everyauth.lock` for the store, `everyauth-pending.lock` for pending state).
    func writeAtomically(_ data: some ContiguousBytes, to target: URL) throws {
        let fileURL = target
        removeStaleTempFiles(of: target)
        let temp = directory.appendingPathComponent(
            ".\(target.lastPathComponent).\(getpid()).\(SecureRandom.bytes(6).map { String(format: "%02x", $0) }.joined()).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError(fileURL.path, "write") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            guard fchmod(fd, 0o600) == 0 else { throw Self.ioError(fileURL.path, "write") }
            try ByteView.with(data) { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.write(to: fd, from: offset)
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

    /// Deletes temp files of `target`'s writers killed mid-write (seen in the crash tests). Safe:
    /// only the holder of `target`'s lock writes it, and this runs under that lock, so no temp file
    /// of `target` belongs to a live writer. Another file's temp files are left alone: their writer
    /// holds another lock and may be writing now.
    private func removeStaleTempFiles(of target: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        let prefix = "." + target.lastPathComponent + "."
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    // MARK: - Locking

    /// An acquired `flock`; closing the descriptor releases it (also when the process dies).
    struct HeldLock {
        let fd: Int32
        func release() {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// Takes the store's lock, waiting at most the lock timeout; blocks the calling thread while it waits.
    func acquireLock() throws -> HeldLock {
        let fd = try openLockFile(lockURL)
        let deadline = Date().addingTimeInterval(lockTimeout)
        var pause: useconds_t = 2_000
        while try !tryLock(fd, lockURL, deadline: deadline) {
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        return HeldLock(fd: fd)
    }

    /// `acquireLock()` for async callers: it suspends between tries instead of sleeping on the thread.
    /// Swift's pool has one thread per core; a writer blocked there can starve the task that holds the
    /// lock in the same process (a `serve` request, a concurrent `getIdentity`) until the lock times out.
    func acquireLock() async throws -> HeldLock {
        try await acquireLock(lockURL)
    }

    /// `acquireLock()` of another lock file beside the store: `everyauth-pending.lock`.
    func acquireLock(_ url: URL) async throws -> HeldLock {
        let fd = try openLockFile(url)
        let deadline = Date().addingTimeInterval(lockTimeout)
        var pause: UInt64 = 2_000_000
        do {
            while try !tryLock(fd, url, deadline: deadline) {
                try await Task.sleep(nanoseconds: pause)
                pause = min(pause * 2, 50_000_000)
            }
        } catch is CancellationError {
            close(fd)
            throw CancellationError()
        }
        return HeldLock(fd: fd)
    }

    /// Opens (creating) a lock file beside the store, refusing a symlink or a file someone else owns.
    private func openLockFile(_ url: URL) throws -> Int32 {
        try ensureDirectory()
        try checkDirectoryTrust()
        // O_NOFOLLOW: a symlinked lock file is refused, and a dangling one cannot make us create its target.
        let fd = open(url.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == ELOOP { throw Self.symlinkError(url.path) }
            throw Self.ioError(url.path, "open")
        }
        do {
            try checkOpenFile(fd, path: url.path)
        } catch {
            close(fd)
            throw error
        }
        fchmod(fd, 0o600)
        return fd
    }

    /// One try at the lock: true when held, false when another holder has it and `deadline` is ahead.
    /// Closes `fd` before it throws (a lock error, or `lockTimeout` once the deadline has passed).
    private func tryLock(_ fd: Int32, _ url: URL, deadline: Date) throws -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw StoreError.io(path: url.path, operation: "lock", reason: String(cString: strerror(code)))
            }
            if Date() >= deadline {
                close(fd)
                throw StoreError.lockTimeout(path: url.path, seconds: lockTimeout)
            }
            return false
        }
        return true
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

    private static func ioError(_ path: String, _ operation: String) -> StoreError {
        StoreError.io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
