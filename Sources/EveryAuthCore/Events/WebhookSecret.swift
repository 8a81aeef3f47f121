import Foundation

/// The webhook signing secret read from a file, under the rule ssh applies to private keys: the
/// file exists, is a regular file of this user, is not readable or writable by group or others
/// (0600 or 0400), holds at most 4 KiB and is not empty. One trailing newline (LF or CRLF) is
/// trimmed, as `echo` and editors leave one. The secret itself is never part of an error.
package enum WebhookSecret {
    /// The largest secret file accepted.
    package static let maxBytes = 4096

    /// The secret in `path`, or `InvalidInput` (`.webhookSecretFile`) saying what to fix.
    package static func read(path: String) throws(InvalidInput) -> [UInt8] {
        // Opened first, then checked through the descriptor: what is checked is what is read.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"
            throw InvalidInput(.webhookSecretFile, "'\(path)' \(reason); write the shared secret there and run 'chmod 600 \(path)'")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' cannot be inspected (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' is not a regular file")
        }
        guard info.st_uid == geteuid() else {
            throw InvalidInput(.webhookSecretFile,
                               "'\(path)' belongs to user id \(info.st_uid), not to you (\(geteuid())); run 'chown \(geteuid()) \(path)' or copy it into a file of your own")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw InvalidInput(.webhookSecretFile,
                               "'\(path)' is accessible by group or others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)'")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' holds \(info.st_size) bytes; a secret is at most \(maxBytes)")
        }
        let data: Data
        do {
            data = try FileHandle(fileDescriptor: fd, closeOnDealloc: false).read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw InvalidInput(.webhookSecretFile, "'\(path)' cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= maxBytes else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' holds more than \(maxBytes) bytes; a secret is at most \(maxBytes)")
        }
        var secret = [UInt8](data)
        if secret.last == 0x0A { secret.removeLast(); if secret.last == 0x0D { secret.removeLast() } }
        guard !secret.isEmpty else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' is empty; write the shared secret there (for example: openssl rand -hex 32 > \(path))")
        }
        return secret
    }
}
