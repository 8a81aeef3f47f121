import ArgumentParser
import EveryAuthCore
import EveryAuthPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a running command needs from the outside world, built once from the global options:
/// the environment (resolved by the core), the store (opened on first use), and the three streams.
struct CommandContext: Sendable {
    let environment: EveryAuthEnvironment
    let verbose: Bool
    let streams: CommandStreams
    /// Colour only on a terminal and never with NO_COLOR.
    let colorOnStderr: Bool
    /// Colour in tables: stdout is a terminal, NO_COLOR is unset and TERM is not `dumb`.
    let colorOnStdout: Bool
    private let lazyStore: StoreOnFirstUse

    /// Every backend: the one mapping of a store address to a store for every command.
    static let backends = StoreBackends.all

    /// `requiresExistingStore`: a store location named explicitly that holds no store is an error
    /// when the store is first used (`EveryAuthCommand.requiresExistingStore`).
    init(global: GlobalOptions, environment: EveryAuthEnvironment, streams: CommandStreams, requiresExistingStore: Bool) {
        self.environment = environment
        self.streams = streams
        verbose = global.verbose
        let colourAllowed = environment.variables["NO_COLOR"] == nil && environment.variables["TERM"] != "dumb"
        colorOnStderr = streams.stderr.isTerminal && colourAllowed
        colorOnStdout = streams.stdout.isTerminal && colourAllowed
        lazyStore = StoreOnFirstUse { [explicit = global.store, configDir = global.configDir, environment, streams, colorOnStderr] in
            let address = try environment.storeAddress(explicit: explicit, configDirectory: configDir)
            let store = try Self.open(address, environment: environment) { text in
                Self.labelled("everyauth: warning:", colour: .yellow, text, streams: streams, colour: colorOnStderr)
            }
            if requiresExistingStore, let file = store as? FileStore, !FileManager.default.fileExists(atPath: file.fileURL.path),
               explicit != nil || configDir != nil || environment["EVERYAUTH_STORE_URL"] != nil {
                // A location named explicitly that holds no store; the config directory's own store
                // ($EVERYAUTH_CONFIG_DIR, XDG, home) is one a fresh machine has not created yet.
                throw StoreNotFound(path: file.fileURL.path)
            }
            return store
        }
    }

    /// The store `--store`, `$EVERYAUTH_STORE_URL` or the config directory names, opened (and
    /// warned about) the first time a command asks; every later use gets that store or that error.
    var store: any Store {
        get throws { try lazyStore.get() }
    }

    /// Releases the store's connections, if a command opened it.
    func shutdownStore() async {
        await lazyStore.shutdown()
    }

    /// Opens the store at `address` with every backend, and prints the warning it draws, if any.
    func open(_ address: StoreAddress) throws -> any Store {
        try Self.open(address, environment: environment, warn: warning)
    }

    /// Opens `address` with `backends` and passes `warn` the warnings the store draws: a store file
    /// others can read, or an `sslmode` chosen in the URL (or PGSSLMODE) that lets an unverified
    /// server see the database password.
    private static func open(_ address: StoreAddress, environment: EveryAuthEnvironment, warn: (String) -> Void) throws -> any Store {
        let store = try environment.open(address, backends: backends)
        if let text = (store as? FileStore)?.permissionWarning() { warn(text) }
        if let risk = (store as? PostgresStore)?.address.risk { warn(risk.description) }
        return store
    }

    var stdinIsTerminal: Bool { streams.stdin.isTerminal }
    var stdoutIsTerminal: Bool { streams.stdout.isTerminal }
    var stderrIsTerminal: Bool { streams.stderr.isTerminal }

    // MARK: - Writing

    /// Data on stdout, exactly as given.
    func out(_ text: String) { streams.stdout.write(text) }

    /// Writes buffered stdout now.
    func flushStdout() { streams.stdout.flush() }

    /// A line of our own on stderr (newlines kept, other controls shown as placeholders, since
    /// messages may quote server text).
    func err(_ text: String) {
        let line = TerminalText.sanitized(text, keepNewlines: true)
        streams.stderr.write(line.hasSuffix("\n") ? line : line + "\n")
    }

    /// Text on stderr without a newline added (prompts, progress); controls shown as placeholders.
    func prompt(_ text: String) { streams.stderr.write(TerminalText.sanitized(text, keepNewlines: true)) }

    /// Clears the progress line on stderr (a terminal's own sequence, never from data).
    func clearProgressLine() { streams.stderr.write(.clearLine) }

    /// `everyauth: error: MESSAGE` on stderr, red on a colour terminal; MESSAGE on one line.
    func error(_ message: String) { Self.labelled("everyauth: error:", colour: .red, message, streams: streams, colour: colorOnStderr) }

    /// `everyauth: warning: MESSAGE` on stderr; MESSAGE on one line.
    func warning(_ message: String) { Self.labelled("everyauth: warning:", colour: .yellow, message, streams: streams, colour: colorOnStderr) }

    private static func labelled(_ label: String, colour: TerminalControl, _ message: String, streams: CommandStreams, colour inColour: Bool) {
        if inColour { streams.stderr.write(colour) }
        streams.stderr.write(label)
        if inColour { streams.stderr.write(.reset) }
        streams.stderr.write(" " + TerminalText.sanitized(message) + "\n")
    }

    /// The service `error` would send the user to `authorize` for, when it has no client id in the
    /// store yet (authorizing would fail next); nil otherwise, or when the store cannot say.
    func unconfiguredService(toAuthorize error: any Error) async -> String? {
        guard let service = ErrorMessages.serviceToAuthorize(error) else { return nil }
        do {
            let settings = try await store.serviceSettings(service)
            return settings?.clientId?.isEmpty == false ? nil : service
        } catch {
            return nil
        }
    }

    /// One-line text of any error, preferring the core's own descriptions.
    static func describe(_ error: any Error) -> String {
        ErrorMessages.text(for: error)
    }

    // MARK: - Choices

    /// `-o` as given, else table on a terminal and tsv in a pipe.
    func format(_ requested: OutputFormat?) -> OutputFormat {
        requested ?? (stdoutIsTerminal ? .table : .tsv)
    }

    /// The HTTP client of this run; `--verbose` traces its requests (redacted) on stderr.
    func makeHTTPClient() throws -> HTTPClient {
        let stderr = streams.stderr
        let trace: (@Sendable (String) -> Void)? = verbose
            ? { @Sendable line in stderr.write(TerminalText.sanitized(line) + "\n") } : nil
        return HTTPClient(configuration: try environment.httpConfiguration(trace: trace))
    }

    /// Terminal width for tables: COLUMNS, then the terminal of stdout, then 100.
    var terminalWidth: Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        if stdoutIsTerminal, let descriptor = streams.stdout.descriptor {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        }
        return 100
    }

    // MARK: - Reading

    /// The value of `--clientSecret -` or `--token -`: the whole of stdin without its trailing line
    /// break, or on a terminal one line typed without echo. Nothing there is a usage error naming `flag`.
    func readValueFromStdin(flag: String) throws -> String {
        var text: String
        if stdinIsTerminal {
            text = readLineWithoutEcho(prompt: "Value for \(flag) (not shown): ") ?? ""
        } else {
            text = streams.stdin.readAll()
        }
        // "\r\n" is one Character: strip trailing line breaks by scalar.
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
            text.unicodeScalars.removeLast()
        }
        guard !text.isEmpty else {
            throw UsageError("\(flag) -: nothing arrived on stdin; pipe the value in, e.g. 'printf %s \"$VALUE\" | everyauth ...'")
        }
        return text
    }

    /// Reads one line from the terminal on stdin with echo turned off, restoring the mode after.
    private func readLineWithoutEcho(prompt text: String) -> String? {
        flushStdout()
        prompt(text)
        guard streams.stdin.isProcessInput else { return streams.stdin.readLine() }
        var saved = termios()
        let haveMode = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveMode {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if haveMode { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            prompt("\n")
        }
        return streams.stdin.readLine()
    }

    /// Asks `question [y/N]` on stderr and reads the answer from stdin; only y/yes agrees.
    func confirm(_ question: String) -> Bool {
        flushStdout()
        prompt(TerminalText.sanitized(question) + " [y/N] ")
        guard let answer = streams.stdin.readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// The start-up every command shares: build the context, run, map errors to exit codes.
protocol EveryAuthCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    /// False for the commands that may create the store (service set, authorize, identity add)
    /// or never read it (version); every other one refuses a store location named explicitly
    /// that holds no store (SPEC §2 "store").
    static var requiresExistingStore: Bool { get }
    /// The command's own work.
    func execute(_ context: CommandContext) async throws
}

extension EveryAuthCommand {
    static var requiresExistingStore: Bool { true }
}

extension EveryAuthCommand {
    mutating func run() async throws {
        // A closed pipe (`| head -1`) must end output quietly, not kill the process mid-write.
        signal(SIGPIPE, SIG_IGN)
        let status = await run(environment: ProcessInfo.processInfo.environment, streams: .standard())
        if status != ExitStatus.success.rawValue { throw ExitCode(status) }
    }

    /// Runs the command with `streams` and returns its exit status; the one mapping of errors
    /// to exit codes (`ExitStatus.for`) and the one place that prints them.
    func run(environment: [String: String], streams: CommandStreams) async -> Int32 {
        // The store opens when the command first uses it; its errors are the command's.
        let context = CommandContext(global: global, environment: EveryAuthEnvironment(environment), streams: streams,
                                     requiresExistingStore: Self.requiresExistingStore)
        // A PostgreSQL store's connections end with a goodbye to the server, not a dropped socket.
        let status: Int32
        do {
            try await execute(context)
            context.flushStdout()
            status = ExitStatus.success.rawValue
        } catch let error as ExitCode {
            context.flushStdout()
            status = error.rawValue
        } catch let error as HintedError {
            context.flushStdout()
            context.error(CommandContext.describe(error.base))
            context.err(error.hint)
            status = ExitStatus.for(error.base).rawValue
        } catch {
            context.flushStdout()
            let unconfigured = await context.unconfiguredService(toAuthorize: error)
            ErrorMessages.$unconfiguredServices.withValue(unconfigured.map { [$0] } ?? []) {
                context.error(CommandContext.describe(error))
            }
            status = ExitStatus.for(error).rawValue
        }
        await context.shutdownStore()
        return status
    }
}
