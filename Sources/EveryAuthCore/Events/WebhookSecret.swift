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
        let data: [UInt8]
        do {
            data = try PrivateFile.read(path, maxBytes: maxBytes)
        } catch .tooLarge {
            throw InvalidInput(.webhookSecretFile, "'\(path)' holds more than \(maxBytes) bytes; a secret is at most \(maxBytes)")
        } catch .missing {
            throw InvalidInput(.webhookSecretFile, "'\(path)' does not exist; write the shared secret there and run 'chmod 600 \(path)'")
        } catch {
            throw InvalidInput(.webhookSecretFile, error.text(path))
        }
        var secret = [UInt8](data)
        if secret.last == 0x0A { secret.removeLast(); if secret.last == 0x0D { secret.removeLast() } }
        guard !secret.isEmpty else {
            throw InvalidInput(.webhookSecretFile, "'\(path)' is empty; write the shared secret there (for example: openssl rand -hex 32 > \(path))")
        }
        return secret
    }
}
