import ArgumentParser
import EveryAuthCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a running command needs from the outside world, built once from the global options.
struct CommandContext: Sendable {
    let environment: [String: String]
    let store: CredentialStore
    let verbose: Bool
    let stdinIsTerminal: Bool
    let stdoutIsTerminal: Bool
    let stderrIsTerminal: Bool
    /// Colour only on a terminal and never with NO_COLOR.
    let colorOnStderr: Bool

    init(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        store = CredentialStore(directory: ConfigDirectory.resolve(explicit: global.configDir, environment: environment),
                                lockTimeout: Self.lockTimeout(environment))
        verbose = global.verbose
        stdinIsTerminal = isatty(STDIN_FILENO) == 1
        stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        stderrIsTerminal = isatty(STDERR_FILENO) == 1
        colorOnStderr = stderrIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// `EVERYAUTH_LOCK_TIMEOUT` (seconds, > 0) or 15 s: how long to wait for another process's store lock.
    static func lockTimeout(_ environment: [String: String]) -> TimeInterval {
        guard let text = environment["EVERYAUTH_LOCK_TIMEOUT"], let seconds = TimeInterval(text),
              seconds > 0, seconds.isFinite else { return 15 }
        return seconds
    }

    /// `-o` as given, else table on a terminal and tsv in a pipe.
    func format(_ requested: OutputFormat?) -> OutputFormat {
        requested ?? (stdoutIsTerminal ? .table : .tsv)
    }

    /// The HTTP client of this run; `--verbose` traces its requests (redacted) on stderr.
    func makeHTTPClient() -> HTTPClient {
        let trace: (@Sendable (String) -> Void)? = verbose ? { @Sendable line in Console.err(line) } : nil
        var configuration = HTTPClientConfiguration.fromEnvironment(environment, trace: trace)
        // EVERYAUTH_HTTP_TIMEOUT (seconds, > 0) bounds each attempt, so a silent server fails fast.
        if let text = environment["EVERYAUTH_HTTP_TIMEOUT"], let seconds = TimeInterval(text), seconds > 0, seconds.isFinite {
            configuration.requestTimeout = seconds
            configuration.connectTimeout = min(configuration.connectTimeout, seconds)
        }
        return HTTPClient(configuration: configuration)
    }

    /// The value of `--clientSecret -` or `--token -`: the whole of stdin without its trailing line
    /// break, or on a terminal one line typed without echo. Nothing there is a usage error naming `flag`.
    func readValueFromStdin(flag: String) throws -> String {
        var text: String
        if stdinIsTerminal {
            text = Self.readLineWithoutEcho(prompt: "Value for \(flag) (not shown): ") ?? ""
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else {
            throw UsageError("\(flag) -: nothing arrived on stdin; pipe the value in, e.g. 'printf %s \"$VALUE\" | everyauth ...'")
        }
        return text
    }

    /// Reads one line from the terminal on stdin with echo turned off, restoring the mode after.
    private static func readLineWithoutEcho(prompt: String) -> String? {
        Console.flushStdout()
        Console.prompt(prompt)
        var saved = termios()
        let haveMode = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveMode {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if haveMode { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            Console.prompt("\n")
        }
        return readLine(strippingNewline: true)
    }

    /// Asks `question [y/N]` on stderr and reads the answer from stdin; only y/yes agrees.
    func confirm(_ question: String) -> Bool {
        Console.flushStdout()
        Console.prompt(question + " [y/N] ")
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Terminal width for tables (COLUMNS, then the tty, then 100).
    var terminalWidth: Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 100
    }
}

/// The start-up every command shares: build the context, run, map errors to exit codes.
protocol EveryAuthCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    /// The command's own work.
    func execute(_ context: CommandContext) async throws
}

extension EveryAuthCommand {
    mutating func run() async throws {
        // A closed pipe (`| head -1`) must end output quietly, not kill the process mid-write.
        signal(SIGPIPE, SIG_IGN)
        let context = CommandContext(global: global)
        if let warning = context.store.permissionWarning() { Console.warning(warning, context: context) }
        do {
            try await execute(context)
            Console.flushStdout()
        } catch let error as ExitCode {
            Console.flushStdout()
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            Console.flushStdout()
            let status = ExitStatus.for(error)
            Console.error(Console.describe(error), context: context)
            throw ExitCode(status.rawValue)
        }
    }
}
