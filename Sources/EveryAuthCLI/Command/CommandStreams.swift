import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command reads `--token -`, `--clientSecret -`, confirmations and pasted addresses:
/// the process's stdin, or given text (tests).
public final class InputSource: Sendable {
    /// Whether a person types here: prompts and confirmations need it.
    public let isTerminal: Bool
    /// The given text not yet read; nil when reading the process's stdin.
    private let pending: Mutex<[UInt8]?>

    private init(isTerminal: Bool, text: String?) {
        self.isTerminal = isTerminal
        pending = Mutex(text.map { Array($0.utf8) })
    }

    /// The process's stdin.
    public static func standardInput() -> InputSource {
        InputSource(isTerminal: isatty(STDIN_FILENO) == 1, text: nil)
    }

    /// Fixed text; `isTerminal` pretends a person types it.
    public static func text(_ text: String, isTerminal: Bool = false) -> InputSource {
        InputSource(isTerminal: isTerminal, text: text)
    }

    /// True when this reads the process's own stdin (so a terminal mode can be changed).
    var isProcessInput: Bool { pending.withLock { $0 == nil } }

    /// Everything left.
    func readAll() -> String {
        pending.withLock { pending in
            guard let text = pending else { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            pending = []
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// One line without its line break, or nil at the end.
    func readLine() -> String? {
        pending.withLock { pending in
            guard let text = pending else { return Swift.readLine(strippingNewline: true) }
            guard !text.isEmpty else { return nil }
            let end = text.firstIndex(of: 0x0A) ?? text.endIndex
            var line = Array(text[..<end])
            pending = end < text.endIndex ? Array(text[(end + 1)...]) : []
            if line.last == 0x0D { line.removeLast() }
            return String(decoding: line, as: UTF8.self)
        }
    }
}

/// The three streams of one command run.
public struct CommandStreams: Sendable {
    public let stdin: InputSource
    public let stdout: OutputSink
    public let stderr: OutputSink

    /// Streams of your own choosing (tests: memory).
    public init(stdin: InputSource, stdout: OutputSink, stderr: OutputSink) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The process's stdin, stdout and stderr.
    public static func standard() -> CommandStreams {
        CommandStreams(stdin: .standardInput(), stdout: .standardOutput(), stderr: .standardError())
    }
}
