import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that holds a secret the user gave us by path (the store's key file, a webhook secret):
/// ssh's rule for a private key. It is opened first and checked through the descriptor, so what is
/// checked is what is read: a regular file (a symbolic link is followed, as Kubernetes mounts
/// secrets, and its target is what must pass), owned by this user, with no permission for group or
/// others, and at most `maxBytes` long. The one owner of that rule; each caller words the problem
/// for its setting (`StoreKeys`, `WebhookSecret`).
package enum PrivateFile {
    /// Why a file was refused, with the remedy a person runs.
    package enum Problem: Error, Equatable, Sendable {
        case missing
        case unreadable(reason: String)
        case notRegular
        case notYours(owner: UInt32, user: UInt32)
        case open(mode: UInt32)
        case tooLarge(limit: Int)

        /// What is wrong, without the path: "the file belongs to user id 0, not to you (1000)".
        package var problem: String {
            switch self {
            case .missing: return "the file does not exist"
            case .unreadable(let reason): return "the file cannot be read (\(reason))"
            case .notRegular: return "it is not a regular file"
            case .notYours(let owner, let user): return "the file belongs to user id \(owner), not to you (\(user))"
            case .open(let mode): return "the file may be read or written by group or others (mode \(String(mode, radix: 8)))"
            case .tooLarge(let limit): return "the file is larger than \(limit) bytes"
            }
        }

        /// What a person runs about it, when there is a command for it.
        package func fix(_ path: String) -> String? {
            switch self {
            case .notYours(_, let user): return "run 'chown \(user) \(path)' or copy it into a file of your own"
            case .open: return "run 'chmod 600 \(path)'"
            default: return nil
            }
        }

        /// True for the problems of trust (another owner, a loose mode, not a file), as opposed to
        /// a file that is missing, unreadable or too large.
        package var isTrust: Bool {
            switch self {
            case .notRegular, .notYours, .open: return true
            default: return false
            }
        }

        /// One line: `'PATH': problem; fix`.
        package func text(_ path: String) -> String {
            "'\(path)': " + problem + (fix(path).map { "; " + $0 } ?? "")
        }
    }

    /// The bytes of the file at `path`, or the problem that refuses it.
    package static func read(_ path: String, maxBytes: Int) throws(Problem) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard info.st_uid == geteuid() else { throw .notYours(owner: UInt32(info.st_uid), user: UInt32(geteuid())) }
        guard info.st_mode & 0o077 == 0 else { throw .open(mode: UInt32(info.st_mode & 0o777)) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = Foundation.read(fd, &chunk, chunk.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
            guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        }
    }
}
