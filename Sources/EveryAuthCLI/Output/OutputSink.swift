import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
/// write(2), named apart from `OutputSink.write`.
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// One output stream of a command: a file descriptor (the process's stdout or stderr) or memory
/// (a test running the command in-process). Data is buffered until `flush()` or 64 KiB, so that
/// streaming formats write in large pieces; once the reader has gone (EPIPE, `| head -1`) later
/// output is dropped quietly instead of killing the process. On a terminal every byte written
/// goes through `TerminalText` (SPEC §6), whatever the format; `write(_: TerminalControl)` is the
/// only way to send an escape sequence of our own.
public final class OutputSink: Sendable {
    /// Whether a person is looking: picks the default format, colour and progress.
    public let isTerminal: Bool
    /// The descriptor written to; nil for memory.
    let descriptor: Int32?
    private let buffered: Bool

    /// What writers share; held while writing to the descriptor, so pieces never interleave.
    private struct State {
        var buffer: [UInt8] = []
        var captured: [UInt8] = []
        var closed = false

        /// Writes out and empties the buffer; after a failed write, drops it instead.
        mutating func drain(_ descriptor: Int32) {
            if !closed, !buffer.isEmpty, !OutputSink.writeAll(descriptor, buffer) { closed = true }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    private let state: Mutex<State>

    private init(descriptor: Int32?, isTerminal: Bool, buffered: Bool) {
        self.descriptor = descriptor
        self.isTerminal = isTerminal
        self.buffered = buffered
        var initial = State()
        if buffered { initial.buffer.reserveCapacity(1 << 16) }
        state = Mutex(initial)
    }

    /// The process's stdout, buffered.
    public static func standardOutput() -> OutputSink {
        OutputSink(descriptor: STDOUT_FILENO, isTerminal: isatty(STDOUT_FILENO) == 1, buffered: true)
    }

    /// The process's stderr, written at once.
    public static func standardError() -> OutputSink {
        OutputSink(descriptor: STDERR_FILENO, isTerminal: isatty(STDERR_FILENO) == 1, buffered: false)
    }

    /// A stream kept in memory; `isTerminal` pretends a person is looking.
    public static func memory(isTerminal: Bool = false) -> OutputSink {
        OutputSink(descriptor: nil, isTerminal: isTerminal, buffered: false)
    }

    /// Appends `text`.
    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Appends UTF-8 `bytes`: as they are in a pipe (listings serialize pages to bytes, and a
    /// detour through `String` would cost a copy and a validation per page), through the
    /// sanitizer on a terminal.
    public func write(bytes: [UInt8]) {
        append(isTerminal ? TerminalText.sanitized(bytes: bytes) : bytes)
    }

    /// Appends one of our own terminal sequences (colour, clearing a progress line).
    func write(_ control: TerminalControl) {
        append(control.bytes)
    }

    private func append(_ bytes: [UInt8]) {
        state.withLock { state in
            guard let descriptor else {
                state.captured.append(contentsOf: bytes)
                return
            }
            if buffered {
                state.buffer.append(contentsOf: bytes)
                if state.buffer.count >= 1 << 16 { state.drain(descriptor) }
            } else if !state.closed, !Self.writeAll(descriptor, bytes) {
                state.closed = true
            }
        }
    }

    /// Writes what is buffered now (before prompts, and when streaming page by page).
    public func flush() {
        guard let descriptor else { return }
        state.withLock { $0.drain(descriptor) }
    }

    /// Everything written to a memory stream, as text.
    public var text: String {
        state.withLock { String(decoding: $0.captured, as: UTF8.self) }
    }

    /// Everything written to a memory stream, as bytes.
    public var bytes: [UInt8] {
        state.withLock { $0.captured }
    }

    /// Writes every byte; false when the descriptor stopped taking them (EPIPE and friends:
    /// the reader has gone and there is nothing more to say).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
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
