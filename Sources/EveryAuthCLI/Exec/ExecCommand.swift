import ArgumentParser
import EveryAuthCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `everyauth exec SERVICE [selection] [--env NAME ...] [--min-valid D] -- CMD [ARGS...]`: runs a
/// program with an identity's access token in its environment, as `aws-vault exec` and `op run` do.
struct ExecCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with an identity's access token in its environment.",
        discussion: """
            CMD gets the token in $PAGERDUTY_TOKEN (or in each --env NAME instead) and the user id in \
            $EVERYAUTH_USER_ID; the token is refreshed first when it expires within --min-valid. The token \
            is never printed and never put in CMD's arguments. CMD's stdin, stdout and stderr are its own; \
            INT, TERM, HUP, QUIT, USR1, USR2 and WINCH sent to everyauth by another process go on to CMD \
            (one typed at the terminal reaches CMD directly).
            Exit status: CMD's own, or 128+N when CMD died of signal N. Before CMD starts, a failure is \
            everyauth's, with its usual codes (2, 3, 5, 64...) and an 'everyauth: error:' line on stderr; \
            126 when CMD cannot be run and 127 when it is not found, as in a shell.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: IdentityCommand.Selection

    @Option(name: .customLong("env"), help: ArgumentHelp(
        "Put the token in this variable instead of PAGERDUTY_TOKEN; repeatable.", valueName: "name"))
    var variables: [String] = []

    @Option(name: .customLong("min-valid"), help: ArgumentHelp(
        "Refresh first when the token expires within this long (30m, 1h30m; default 5m).", valueName: "duration"))
    var minValid: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after '--'.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command to run after '--', e.g. everyauth exec pagerduty -- terraform plan") }
        try validatingUsage {
            for name in variables where !Self.isVariableName(name) {
                throw UsageError("--env: '\(name)' is not a variable name; use letters, digits and '_', not starting with a digit")
            }
            _ = try minValid.map { try DurationOption.seconds($0, flag: "--min-valid") }
        }
    }

    /// A name a shell can export: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    func execute(_ context: CommandContext) async throws {
        var refresher = TokenRefresher(store: try context.store, http: try context.makeHTTPClient())
        refresher.margin = try minValid.map { try DurationOption.seconds($0, flag: "--min-valid") } ?? 300
        let identity = try await refresher.identity(try await selection.selector(context))
        var environment = context.environment.variables
        for name in variables.isEmpty ? ["PAGERDUTY_TOKEN"] : variables {
            environment[name] = identity.credential.accessToken
        }
        environment["EVERYAUTH_USER_ID"] = identity.userId
        do {
            let executable = try Self.resolve(command[0], path: environment["PATH"] ?? "/usr/bin:/bin")
            // What everyauth buffered goes out before CMD writes to the same streams.
            context.flushStdout()
            await context.shutdownStore()
            let status = try await ChildProcess.run(executable, arguments: Array(command.dropFirst()), environment: environment)
            if status != 0 { throw ExitCode(status) }
        } catch let failure as ExecFailure {
            // A shell's codes, not everyauth's: the command line named something that cannot run.
            context.error(failure.message)
            throw ExitCode(failure.status)
        }
    }

    /// Where `name` is: itself when it holds a '/', else the first executable file of that name
    /// on `path`; 127 (not found) or 126 (found, not executable) as a shell says.
    static func resolve(_ name: String, path: String) throws -> String {
        let candidates = name.contains("/") ? [name] : path.split(separator: ":", omittingEmptySubsequences: false)
            .map { ($0.isEmpty ? "." : String($0)) + "/" + name }
        var found: String?
        for candidate in candidates {
            var info = stat()
            guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            found = found ?? candidate
        }
        if let found { throw ExecFailure(status: 126, message: "\(found): permission denied; it cannot be run") }
        throw ExecFailure(status: 127, message: "\(name): command not found" + (name.contains("/") ? "" : " on PATH"))
    }
}

/// CMD could not be started: the shell's codes, 126 or 127, with one line on stderr.
struct ExecFailure: Error, CustomStringConvertible {
    let status: Int32
    let message: String
    var description: String { message }
}

/// One child process that owns the terminal's streams while everyauth waits for it, with signals
/// sent to everyauth by other processes passed on.
enum ChildProcess {
    /// The signals passed on.
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH]
    /// The running child's pid (0: none), read by the signal handler.
    static let pid = Atomic<Int32>(0)

    /// Runs `executable` with `arguments` and `environment` on everyauth's own stdin, stdout and
    /// stderr; its exit status, or 128+N when signal N ended it. The child starts with no signal
    /// blocked, whatever the Swift runtime's threads had masked, and with the dispositions exec
    /// gives: what everyauth caught back at its default, what it was started ignoring still ignored.
    static func run(_ executable: String, arguments: [String], environment: [String: String]) async throws -> Int32 {
        // Touched before any handler can run, so a handler never initializes the global itself.
        pid.store(0, ordering: .relaxed)
        var previous: [Int32: sigaction] = [:]
        for signal in forwarded {
            var old = sigaction()
            sigaction(signal, nil, &old)
            // A signal everyauth was started ignoring (`nohup`, a background job) stays ignored, in the
            // child too: exec keeps SIG_IGN and resets only caught signals to their default.
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            action.sa_flags = SA_SIGINFO | SA_RESTART
            action.__sigaction_handler.sa_sigaction = { signal, info, _ in
                // Only what another process sent (kill, a supervisor, timeout): a key typed at the
                // terminal already reached the child, which shares the terminal's process group.
                guard let info, info.pointee.si_code <= 0 else { return }
                let child = ChildProcess.pid.load(ordering: .relaxed)
                if child > 0 { kill(child, signal) }
            }
            sigaction(signal, &action, nil)
            previous[signal] = old
        }
        defer {
            for (signal, var old) in previous { sigaction(signal, &old, nil) }
            pid.store(0, ordering: .relaxed)
        }
        let child = try spawn(executable, arguments: arguments, environment: environment)
        pid.store(child, ordering: .relaxed)
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// posix_spawn with an empty signal mask; 126 when it fails.
    private static func spawn(_ executable: String, arguments: [String], environment: [String: String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, nil, &attributes, argv, envp)
        guard result == 0 else {
            throw ExecFailure(status: 126, message: "\(executable): \(String(cString: strerror(result))); it cannot be run")
        }
        return child
    }
}
