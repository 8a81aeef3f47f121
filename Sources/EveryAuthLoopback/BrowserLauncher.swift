import EveryAuthCore
import Foundation
import Synchronization

/// Opens the authorization URL: `$BROWSER`, else `xdg-open` (`open` on macOS). Starting a browser
/// is a convenience; its failure is reported, never fatal.
///
/// `$BROWSER` follows its convention: a colon-separated list of commands, tried in turn until one
/// starts and does not fail; in each, `%s` stands for the URL (`%%` for a percent sign), and a
/// command without `%s` gets the URL as its last argument.
public struct BrowserLauncher: Sendable {
    /// The environment to read `BROWSER` and `PATH` from.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Starts the browser on `url` without waiting for it; `failed` receives a one-line reason
    /// when no command can start or every one exits unsuccessfully.
    public func open(_ url: String, failed: @escaping @Sendable (String) -> Void) {
        open(url, failed: failed, opened: { _ in })
    }

    /// Starts the browser on `url` and waits up to `seconds` for the outcome: nil when a command
    /// opened it (or still runs, as a browser that blocks until it closes does), else the one-line
    /// reason, so that a command about to exit can still say that nothing opened.
    public func open(_ url: String, waitingAtMost seconds: Double) async -> String? {
        let outcome = FirstOutcome()
        return await withCheckedContinuation { continuation in
            outcome.wait(continuation)
            open(url, failed: { outcome.finish($0) }, opened: { _ in outcome.finish(nil) })
            Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                outcome.finish(nil)
            }
        }
    }

    /// As `open(_:failed:)`; `opened` hears the command that exited successfully (tests wait on it).
    func open(_ url: String, failed: @escaping @Sendable (String) -> Void, opened: @escaping @Sendable (String) -> Void) {
        if let browser = environment["BROWSER"], !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            let commands = Self.commands(browser)
            guard !commands.isEmpty else {
                failed("$BROWSER names no command; open the address above yourself")
                return
            }
            launch(commands, url: url, index: 0, failures: [], failed: failed, opened: opened)
            return
        }
        #if os(macOS)
        let name = "open"
        #else
        let name = "xdg-open"
        #endif
        guard let path = Self.find(name, in: environment["PATH"] ?? "/usr/bin:/bin") else {
            failed("\(name) was not found; set $BROWSER or open the address above yourself")
            return
        }
        start(executable: path, arguments: [url], name: name) { reason in
            if let reason {
                failed("\(reason); open the address above yourself")
            } else {
                opened(name)
            }
        }
    }

    /// The commands of a `$BROWSER` value, in order, empty entries dropped.
    static func commands(_ value: String) -> [String] {
        value.split(separator: ":", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The shell script that runs one `$BROWSER` command with the URL as `$1`: `%s` becomes "$1"
    /// (quoted once, so a URL's `&` and `;` stay inside one argument), `%%` a percent sign, and
    /// without `%s` the URL is appended.
    static func script(_ command: String) -> String {
        var script = ""
        var substituted = false
        var index = command.startIndex
        while index < command.endIndex {
            let character = command[index]
            let next = command.index(after: index)
            if character == "%", next < command.endIndex {
                switch command[next] {
                case "s":
                    // A `'%s'` or `"%s"` written by the user is replaced whole, quotes included.
                    if let quote = script.last, quote == "'" || quote == "\"",
                       command.index(after: next) < command.endIndex, command[command.index(after: next)] == quote {
                        script.removeLast()
                        script += "\"$1\""
                        index = command.index(after: command.index(after: next))
                    } else {
                        script += "\"$1\""
                        index = command.index(after: next)
                    }
                    substituted = true
                    continue
                case "%":
                    script += "%"
                    index = command.index(after: next)
                    continue
                default:
                    break
                }
            }
            script.append(character)
            index = next
        }
        return substituted ? script : script + " \"$1\""
    }

    /// Tries `commands[index...]`; the first that exits 0 wins, and `failed` hears only when all failed.
    private func launch(_ commands: [String], url: String, index: Int, failures: [String],
                        failed: @escaping @Sendable (String) -> Void, opened: @escaping @Sendable (String) -> Void) {
        guard index < commands.count else {
            failed("no $BROWSER command could open the address (\(failures.joined(separator: "; "))); open the address above yourself")
            return
        }
        let command = commands[index]
        // Through the shell so that `BROWSER="firefox --new-window %s"` works; the URL stays one argument.
        start(executable: "/bin/sh", arguments: ["-c", Self.script(command), "sh", url], name: command) { reason in
            if let reason {
                launch(commands, url: url, index: index + 1, failures: failures + [reason], failed: failed, opened: opened)
            } else {
                opened(command)
            }
        }
    }

    /// Starts one process; `done` gets nil when it exits 0, else why it did not work.
    private func start(executable: String, arguments: [String], name: String, done: @escaping @Sendable (String?) -> Void) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        // The browser must not take the lines a user pastes into this terminal.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationReason == .exit, finished.terminationStatus == 0 {
                done(nil)
            } else if finished.terminationReason == .exit {
                done("'\(name)' exited with status \(finished.terminationStatus)")
            } else {
                done("'\(name)' was killed by signal \(finished.terminationStatus)")
            }
        }
        do {
            try process.run()
        } catch {
            done("could not start '\(name)' (\(error.localizedDescription))")
        }
    }

    /// The first executable called `name` on `path`.
    static func find(_ name: String, in path: String) -> String? {
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The first of several outcomes (a browser's exit, or the time running out), handed to the one waiter once.
private final class FirstOutcome: Sendable {
    private let state = Mutex<(done: Bool, continuation: CheckedContinuation<String?, Never>?)>((false, nil))

    /// Registers the waiter; must come before any `finish`.
    func wait(_ continuation: CheckedContinuation<String?, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Resumes the waiter with `value` the first time; later calls do nothing.
    func finish(_ value: String?) {
        let continuation = state.withLock { state -> CheckedContinuation<String?, Never>? in
            guard !state.done else { return nil }
            state.done = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }
}
