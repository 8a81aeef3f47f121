import EveryAuthCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// stdout for data (buffered), stderr for everything else (unbuffered).
enum Console {
    nonisolated(unsafe) private static var buffer: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        return bytes
    }()
    private static let lock = NSLock()
    /// Set once stdout's reader has gone (EPIPE): later output is dropped instead of retried.
    nonisolated(unsafe) private static var stdoutClosed = false

    /// Appends to stdout; flushed at 64 KiB, on `flushStdout()` and at exit.
    static func out(_ text: String) {
        lock.lock()
        buffer.append(contentsOf: text.utf8)
        let full = buffer.count >= 1 << 16
        lock.unlock()
        if full { flushStdout() }
    }

    /// Appends bytes already encoded as UTF-8 to stdout (a page of ndjson), without a detour
    /// through `String`; flushed like `out(_:)`.
    static func out(bytes: [UInt8]) {
        lock.lock()
        buffer.append(contentsOf: bytes)
        let full = buffer.count >= 1 << 16
        lock.unlock()
        if full { flushStdout() }
    }

    /// Writes buffered stdout now (before prompts, and when streaming line by line).
    static func flushStdout() {
        lock.lock()
        defer { lock.unlock() }
        if !stdoutClosed, !writeAll(STDOUT_FILENO, buffer) { stdoutClosed = true }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Text on stderr without a newline added (prompts).
    static func prompt(_ text: String) {
        _ = writeAll(STDERR_FILENO, Array(text.utf8))
    }

    /// A line on stderr.
    static func err(_ text: String) {
        _ = writeAll(STDERR_FILENO, Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// `everyauth: error: MESSAGE` on stderr, red on a colour terminal.
    static func error(_ message: String, context: CommandContext) {
        let prefix = context.colorOnStderr ? "\u{1B}[31meveryauth: error:\u{1B}[0m " : "everyauth: error: "
        err(prefix + message)
    }

    /// `everyauth: warning: MESSAGE` on stderr.
    static func warning(_ message: String, context: CommandContext) {
        let prefix = context.colorOnStderr ? "\u{1B}[33meveryauth: warning:\u{1B}[0m " : "everyauth: warning: "
        err(prefix + message)
    }

    /// One-line text of any error, preferring the core's own descriptions.
    static func describe(_ error: any Error) -> String {
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    /// Writes every byte; false when the descriptor stopped taking them (EPIPE and friends:
    /// the reader has gone, as with `| head -1`, and there is nothing more to say).
    @discardableResult
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
