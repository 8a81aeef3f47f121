import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process that runs while the test drives it: stderr read as it arrives, stdin kept
/// open for pasted lines, a bounded wait and SIGKILL at the end.
final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let collector = OutputCollector()
    private let outPipe = Pipe()
    private let errPipe = Pipe()
    private let inPipe = Pipe()

    /// Starts `path ARGS` with `environment`.
    init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        let collector = self.collector
        outPipe.fileHandleForReading.readabilityHandler = { handle in collector.append(out: handle.availableData) }
        errPipe.fileHandleForReading.readabilityHandler = { handle in collector.append(err: handle.availableData) }
        try process.run()
    }

    /// Everything on stderr so far.
    var stderr: String { collector.err }

    /// The child's process id (for /proc/PID/status).
    var pid: Int32 { process.processIdentifier }

    /// True while the process has not exited.
    var isRunning: Bool { process.isRunning }

    /// Polls stderr until `find` returns a value or `timeout` passes.
    func waitForStderr<T>(timeout: TimeInterval = 20, _ find: (String) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = find(collector.err) { return found }
            if !process.isRunning { return find(collector.err) }
            usleep(10_000)
        }
        return nil
    }

    /// The authorization address `everyauth authorize` printed (the indented http line).
    func authorizationURL(timeout: TimeInterval = 20) -> String? {
        waitForStderr(timeout: timeout) { text in
            text.split(separator: "\n").first { $0.hasPrefix("  http") }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// Writes `text` as it is to the child's stdin; false when the child has closed it.
    @discardableResult
    func write(_ text: String) -> Bool {
        (try? inPipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))) != nil
    }

    /// Writes `line` and a newline to the child's stdin; false when the child has closed it
    /// (it exited), which the caller's expectations then report instead of a crash.
    @discardableResult
    func writeLine(_ line: String) -> Bool {
        write(line + "\n")
    }

    /// Sends SIGINT, as Ctrl-C in a terminal would.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Ends the child's stdin.
    func closeStdin() {
        try? inPipe.fileHandleForWriting.close()
    }

    /// Waits for exit (SIGKILL after `timeout`) and returns what it printed.
    func wait(timeout: TimeInterval = 30) -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            let hardDeadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < hardDeadline { usleep(5_000) }
        }
        closeStdin()
        outPipe.fileHandleForReading.readabilityHandler = nil
        errPipe.fileHandleForReading.readabilityHandler = nil
        collector.append(out: outPipe.fileHandleForReading.readDataToEndOfFile())
        collector.append(err: errPipe.fileHandleForReading.readDataToEndOfFile())
        return CLIResult(status: process.isRunning ? -9 : process.terminationStatus, stdout: collector.out, stderr: collector.err)
    }
}

extension CLI {
    /// Starts `everyauth ARGS` in the background with this session's environment.
    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(CLI.binary.path, arguments, environment: childEnvironment(extra))
    }
}

/// The test's stand-in for a user's browser: `curl`, which follows the authorization server's
/// redirect to the loopback callback as a browser would.
struct FakeBrowser {
    /// Temp dir holding the script and what the "browser" ended on.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            exec curl -sS -L --noproxy '*' --max-time 20 -o '\(directory.path)/page.html' -w '%{url_effective}' "$1" > '\(directory.path)/final-url'
            """
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        chmod(scriptURL.path, 0o755)
    }

    /// The program to put in `$BROWSER`.
    var scriptURL: URL { directory.appendingPathComponent("browser.sh") }

    /// The last page the browser showed.
    var page: String { (try? String(contentsOf: directory.appendingPathComponent("page.html"), encoding: .utf8)) ?? "" }

    /// The address the browser ended on.
    var finalURL: String { (try? String(contentsOf: directory.appendingPathComponent("final-url"), encoding: .utf8)) ?? "" }

    /// Runs curl on `url` now (for tests that drive the flow themselves); returns status code and
    /// the redirect target when not following.
    static func get(_ url: String, follow: Bool = true, headers: [String] = []) throws -> (status: Int, location: String) {
        var arguments = ["-sS", "--noproxy", "*", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}"]
        if follow { arguments.append("-L") }
        for header in headers { arguments += ["-H", header] }
        arguments.append(url)
        let result = try ChildProcess.run("/usr/bin/env", ["curl"] + arguments, environment: ProcessInfo.processInfo.environment, stdin: nil, timeout: 30)
        let parts = result.stdout.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        return (Int(parts.first ?? "") ?? -1, parts.count > 1 ? String(parts[1]) : "")
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs blocking work (process waits, curl) on a thread of its own: the concurrency pool and
/// Dispatch's global queue have one thread per core, and long waits there starve other tests.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension CLI {
    /// `run` off the concurrency pool.
    func runAsync(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> CLIResult {
        let cli = self
        return try await blocking { try cli.run(arguments, stdin: stdin, environment: environment, timeout: timeout) }
    }
}

extension BackgroundProcess {
    /// `authorizationURL` off the concurrency pool.
    func authorizationURLAsync(timeout: TimeInterval = 20) async -> String? {
        (try? await blocking { self.authorizationURL(timeout: timeout) }) ?? nil
    }

    /// `waitForStderr` off the concurrency pool.
    func waitForStderrAsync<T: Sendable>(timeout: TimeInterval = 20, _ find: @escaping @Sendable (String) -> T?) async -> T? {
        (try? await blocking { self.waitForStderr(timeout: timeout, find) }) ?? nil
    }

    /// `wait` off the concurrency pool.
    func waitAsync(timeout: TimeInterval = 30) async -> CLIResult {
        (try? await blocking { self.wait(timeout: timeout) }) ?? CLIResult(status: -1, stdout: "", stderr: "")
    }
}

extension FakeBrowser {
    /// `get` off the concurrency pool.
    static func fetch(_ url: String, follow: Bool = true, headers: [String] = []) async throws -> (status: Int, location: String) {
        let pair = try await blocking { () -> [String] in
            let result = try get(url, follow: follow, headers: headers)
            return [String(result.status), result.location]
        }
        return (Int(pair[0]) ?? -1, pair[1])
    }
}
