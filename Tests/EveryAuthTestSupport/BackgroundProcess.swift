import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a child process printed and how it ended.
public struct CLIResult: Sendable {
    /// The exit code; 128 + N when signal N ended it (as a shell reports it); -1 when it never ran.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the wait ran out and the child (with its process group) was SIGKILLed.
    public var timedOut: Bool

    public init(status: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
    }
}

/// Why a child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
}

/// A child process that runs while the test drives it: its output read as it arrives, stdin kept
/// open for pasted lines, every wait bounded and ended with SIGKILL.
///
/// The child leads a process group of its own, so a timeout also kills what it started (a shell's
/// background jobs, a browser script) and nothing is left holding its pipes. A thread of its own
/// reads its output and reaps it, so nothing about the child depends on the concurrency pool; the
/// async waits suspend without holding a thread, and their timers run on `ChildProcessExecutor`.
/// The synchronous waits are kept for tests written before them.
public final class BackgroundProcess: Sendable {
    /// The child's process id (for /proc/PID/status, or signals of a test's own).
    public let pid: Int32
    private let child: ChildRecord

    /// Starts `path ARGS` with exactly `environment`.
    public init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        _ = ChildRecord.ignoreBrokenPipes
        let spawned = try Spawn(path: path, arguments: arguments, environment: environment)
        pid = spawned.pid
        child = ChildRecord(stdin: spawned.stdin)
        let child = child
        let thread = Thread { child.collect(pid: spawned.pid, stdout: spawned.stdout, stderr: spawned.stderr) }
        thread.name = "everyauth-test-child-\(spawned.pid)"
        thread.start()
    }

    deinit {
        // A test that ended early (a failed #require) leaves no child behind.
        if child.isRunning(pid) { kill(-pid, SIGKILL) }
    }

    /// Everything on stdout so far.
    public var stdout: String { child.text(\.stdout) }

    /// Everything on stderr so far.
    public var stderr: String { child.text(\.stderr) }

    /// True while the child has not exited.
    public var isRunning: Bool { child.isRunning(pid) }

    /// Writes `text` as it is to the child's stdin; false when stdin is closed or the child has exited.
    @discardableResult
    public func write(_ text: String) -> Bool {
        child.writeStdin(Array(text.utf8))
    }

    /// Writes `line` and a newline to the child's stdin; false when stdin is closed or the child has exited.
    @discardableResult
    public func writeLine(_ line: String) -> Bool {
        write(line + "\n")
    }

    /// Ends the child's stdin.
    public func closeStdin() {
        child.closeStdin()
    }

    /// Sends SIGINT, as Ctrl-C in a terminal would.
    public func interrupt() {
        signal(SIGINT)
    }

    /// Sends `signal` to the child alone.
    public func signal(_ signal: Int32) {
        if child.isRunning(pid) { kill(pid, signal) }
    }

    // MARK: Waiting without holding a thread

    /// Waits for the child to exit, SIGKILLing its process group after `timeout` seconds, and
    /// returns what it printed.
    public func waitAsync(timeout: TimeInterval = 30) async -> CLIResult {
        let pid = pid
        let child = child
        let killer = Task(executorPreference: ChildProcessExecutor.shared) {
            try await Task.sleep(for: .seconds(timeout))
            child.killGroup(pid)
        }
        defer { killer.cancel() }
        // After SIGKILL the pipes close at once; this bound only guards against a kernel stuck in I/O.
        let deadline = ContinuousClock.now + .seconds(timeout + 60)
        var generation = 0
        while true {
            if let result = child.result { return result }
            let next = await child.change(after: generation, deadline: deadline)
            if next == generation, ContinuousClock.now >= deadline {
                return CLIResult(status: -1, stdout: stdout, stderr: stderr, timedOut: true)
            }
            generation = next
        }
    }

    /// Waits until `find` returns a value for stderr so far, the child exits, or `timeout` passes.
    public func waitForStderrAsync<T: Sendable>(timeout: TimeInterval = 60, _ find: @escaping @Sendable (String) -> T?) async -> T? {
        await waitForOutput(\.stderr, timeout: timeout, find)
    }

    /// Waits until `find` returns a value for stdout so far, the child exits, or `timeout` passes.
    public func waitForStdoutAsync<T: Sendable>(timeout: TimeInterval = 60, _ find: @escaping @Sendable (String) -> T?) async -> T? {
        await waitForOutput(\.stdout, timeout: timeout, find)
    }

    private func waitForOutput<T: Sendable>(_ stream: KeyPath<ChildRecordOutput, Data>, timeout: TimeInterval,
                                            _ find: @escaping @Sendable (String) -> T?) async -> T? {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var generation = 0
        while true {
            let (text, finished, now) = (child.text(stream), child.result != nil, generation)
            if let found = find(text) { return found }
            if finished || ContinuousClock.now >= deadline { return nil }
            generation = await child.change(after: now, deadline: deadline)
        }
    }

    /// The authorization address `everyauth authorize` printed (the indented http line).
    public func authorizationURLAsync(timeout: TimeInterval = 60) async -> String? {
        await waitForStderrAsync(timeout: timeout, Self.authorizationURL(in:))
    }

    // MARK: Synchronous forms (they block the calling thread; prefer the async ones)

    /// Waits for exit (SIGKILL after `timeout`) and returns what it printed.
    public func wait(timeout: TimeInterval = 30) -> CLIResult {
        let deadline = DispatchTime.now() + timeout
        var generation = 0
        while true {
            if let result = child.result { return result }
            let next = child.changeBlocking(after: generation, deadline: deadline)
            if next == generation {
                child.killGroup(pid)
                // After SIGKILL the pipes close at once; the bound only guards against a kernel stuck in I/O.
                _ = child.changeBlocking(after: generation, deadline: .now() + 60)
                return child.result ?? CLIResult(status: -1, stdout: stdout, stderr: stderr, timedOut: true)
            }
            generation = next
        }
    }

    /// Waits until `find` returns a value for stderr so far, the child exits, or `timeout` passes.
    public func waitForStderr<T>(timeout: TimeInterval = 20, _ find: (String) -> T?) -> T? {
        let deadline = DispatchTime.now() + timeout
        var generation = 0
        while true {
            let (text, finished, now) = (stderr, child.result != nil, generation)
            if let found = find(text) { return found }
            if finished { return nil }
            generation = child.changeBlocking(after: now, deadline: deadline)
            if generation == now { return find(stderr) }
        }
    }

    /// The authorization address `everyauth authorize` printed (the indented http line).
    public func authorizationURL(timeout: TimeInterval = 20) -> String? {
        waitForStderr(timeout: timeout, Self.authorizationURL(in:))
    }

    @Sendable private static func authorizationURL(in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("  http") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// The state one child shares between the test and the thread that reads and reaps it.
final class ChildRecord: Sendable {
    /// Writes to a child that has exited fail with EPIPE instead of killing the test process
    /// (children get default signal dispositions back at spawn).
    static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    private struct State {
        var stdin: Int32
        var stdout = Data()
        var stderr = Data()
        var result: CLIResult?
        var killedOnTimeout = false
        /// Bumped on every new output and at exit; waiters wait for it to move.
        var generation = 0
        var waiters: [Int: @Sendable () -> Void] = [:]
        var nextWaiter = 0
        /// Waiters whose deadline passed before they were registered.
        var expired: Set<Int> = []
    }

    private let state: Mutex<State>

    init(stdin: Int32) {
        state = Mutex(State(stdin: stdin))
    }

    var result: CLIResult? { state.withLock { $0.result } }

    func text(_ stream: KeyPath<ChildRecordOutput, Data>) -> String {
        let data = state.withLock { ChildRecordOutput(stdout: $0.stdout, stderr: $0.stderr) }
        return String(decoding: data[keyPath: stream], as: UTF8.self)
    }

    /// True until the child has exited: asks the kernel without reaping (WNOWAIT), so it is exact
    /// even before the reader thread has collected the exit status.
    func isRunning(_ pid: Int32) -> Bool {
        if result != nil { return false }
        var info = siginfo_t()
        if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 { return false }
        return info._sifields._sigchld.si_pid == 0
    }

    /// SIGKILLs the child's whole process group (it leads one of its own) and notes the timeout.
    func killGroup(_ pid: Int32) {
        let running = state.withLock { state in
            guard state.result == nil else { return false }
            state.killedOnTimeout = true
            return true
        }
        if running { kill(-pid, SIGKILL) }
    }

    /// Writes `bytes` to the child's stdin; false when it is closed or the child has exited.
    func writeStdin(_ bytes: [UInt8]) -> Bool {
        // Under the lock, so a concurrent close cannot hand the descriptor to someone else mid-write.
        state.withLock { state in
            guard state.stdin >= 0 else { return false }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(state.stdin, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Closes the child's stdin (once).
    func closeStdin() {
        state.withLock { state in
            if state.stdin >= 0 { Glibc.close(state.stdin) }
            state.stdin = -1
        }
    }

    // MARK: Change notification

    /// Waits until the generation moves past `generation` or `deadline` passes; returns the generation then.
    func change(after generation: Int, deadline: ContinuousClock.Instant?) async -> Int {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = deadline.map { deadline in
            Task(executorPreference: ChildProcessExecutor.shared) { [self] in
                try await Task.sleep(until: deadline)
                wake(id)
            }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let registered = state.withLock { state -> Bool in
                // A timer that fired before this registration left its id in `expired`.
                guard state.generation == generation, state.expired.remove(id) == nil else { return false }
                state.waiters[id] = { continuation.resume() }
                return true
            }
            if !registered { continuation.resume() }
        }
        timer?.cancel()
        return state.withLock { state in
            state.expired.remove(id)
            return state.generation
        }
    }

    /// `change(after:deadline:)` blocking the calling thread.
    func changeBlocking(after generation: Int, deadline: DispatchTime) -> Int {
        let signal = DispatchSemaphore(value: 0)
        let id = state.withLock { state -> Int? in
            guard state.generation == generation else { return nil }
            state.nextWaiter += 1
            state.waiters[state.nextWaiter] = { signal.signal() }
            return state.nextWaiter
        }
        if let id {
            if signal.wait(timeout: deadline) == .timedOut { _ = state.withLock { $0.waiters.removeValue(forKey: id) } }
        }
        return state.withLock { $0.generation }
    }

    /// Resumes waiter `id` if it is still waiting (each waiter is resumed exactly once).
    private func wake(_ id: Int) {
        let waiter = state.withLock { state in
            let waiter = state.waiters.removeValue(forKey: id)
            if waiter == nil { state.expired.insert(id) }
            return waiter
        }
        waiter?()
    }

    /// Records a change (output or exit) and resumes every waiter.
    private func changed(_ update: (inout State) -> Void) {
        let waiters = state.withLock { state in
            update(&state)
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
    }

    // MARK: Reading and reaping

    /// Runs on the child's own thread: reads both pipes until the child (and all it started) has
    /// closed them, then reaps it and publishes the result.
    func collect(pid: Int32, stdout: Int32, stderr: Int32) {
        var fds = [pollfd(fd: stdout, events: Int16(POLLIN), revents: 0), pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    let data = Data(buffer[0..<count])
                    changed { index == 0 ? $0.stdout.append(data) : $0.stderr.append(data) }
                } else if count == 0 || errno != EINTR {
                    Glibc.close(fds[index].fd)
                    fds[index].fd = -1
                }
            }
        }
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, 0)
        while reaped < 0 && errno == EINTR { reaped = waitpid(pid, &status, 0) }
        // The exit code, or 128 + the signal that ended it, as a shell reports it.
        let code: Int32 = reaped < 0 ? -1 : (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        closeStdin()
        changed { state in
            state.result = CLIResult(status: code, stdout: String(decoding: state.stdout, as: UTF8.self),
                                     stderr: String(decoding: state.stderr, as: UTF8.self), timedOut: state.killedOnTimeout)
        }
    }
}

/// The two output streams, for key paths into a snapshot.
struct ChildRecordOutput {
    var stdout: Data
    var stderr: Data
}

/// A child started with posix_spawn: its pid and our ends of its three pipes.
///
/// It leads a new process group (so a timeout can kill what it started), and starts with an empty
/// signal mask and default dispositions: a child of a thread that blocks signals would otherwise
/// inherit that mask and ignore SIGINT and SIGTERM.
struct Spawn {
    let pid: Int32
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32

    init(path: String, arguments: [String], environment: [String: String]) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ChildProcessError(description: "cannot run \(path): not an executable file")
        }
        (pid, stdin, stdout, stderr) = try Self.spawning.withLock { _ in try Self.spawn(path, arguments, environment) }
    }

    private static func spawn(_ path: String, _ arguments: [String], _ environment: [String: String]) throws -> (Int32, Int32, Int32, Int32) {
        let input = try pipe(), output = try pipe(), error = try pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on 0, 1 and 2; every other end of the pipes closes at exec.
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        // Then nothing else: a descriptor without close-on-exec (every socket SwiftNIO opens, the
        // listener of a test running in parallel among them) would stay open in the child for its
        // whole life, and keep a listener its owner closed listening and its port taken.
        let closing = closeFrom(3, &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let failure = closing == 0 ? posix_spawn(&pid, path, &actions, &attributes, argv, envp) : closing
        for fd in [input.read, output.write, error.write] { Glibc.close(fd) }
        guard failure == 0 else {
            for fd in [input.write, output.read, error.read] { Glibc.close(fd) }
            throw ChildProcessError(description: "cannot run \(path): \(String(cString: strerror(failure)))")
        }
        return (pid, input.write, output.read, error.read)
    }

    /// Adds "close every descriptor from `first` on" to `actions`: glibc's
    /// posix_spawn_file_actions_addclosefrom_np (2.34 and later), looked up at run time because
    /// Swift's Glibc module leaves it out (it is declared for _GNU_SOURCE only); with an older C
    /// library, a close of each descriptor open now. Returns 0, or the error number.
    private static func closeFrom(_ first: Int32, _ actions: inout posix_spawn_file_actions_t) -> Int32 {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            return unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, first)
        }
        guard let open = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return ENOENT }
        for fd in open.compactMap({ Int32($0) }) where fd >= first {
            let failure = posix_spawn_file_actions_addclose(&actions, fd)
            guard failure == 0 else { return failure }
        }
        return 0
    }

    /// Pipe creation and spawning, one at a time: Glibc offers no pipe2 to Swift, so close-on-exec
    /// is set after pipe(), and no other child of ours may be spawned in between and inherit an end.
    private static let spawning = Mutex(())

    /// A close-on-exec pipe whose ends are above 2, so a dup2 onto 0, 1 or 2 never meets itself
    /// (the test process may run with those closed).
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw ChildProcessError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        return (try closeOnExec(ends[0]), try closeOnExec(ends[1]))
    }

    private static func closeOnExec(_ fd: Int32) throws -> Int32 {
        guard fd < 3 else {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            return fd
        }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 3)
        Glibc.close(fd)
        guard moved >= 0 else { throw ChildProcessError(description: "cannot move a pipe: \(String(cString: strerror(errno)))") }
        return moved
    }
}
