import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `everyauth` as a user would, in a temporary config dir of its own.
public struct CLI: Sendable {
    /// The config dir this session uses (a fresh temp dir per session, so parallel tests share nothing).
    public let configDir: URL
    /// Extra environment for every run.
    public var environment: [String: String] = [:]

    public init(environment: [String: String] = [:]) {
        configDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("everyauth-e2e-\(UUID().uuidString)", isDirectory: true)
        self.environment = environment
    }

    /// The built binary, beside the test bundle.
    public static let binary: URL = BuiltProducts.executable("everyauth")

    /// `everyauth.json` of this session.
    public var storeURL: URL { configDir.appendingPathComponent("everyauth.json") }

    /// Runs `everyauth ARGS` with `--config-dir` set through the environment, feeding `stdin`, and
    /// SIGKILLs it after `timeout` seconds; suspends without holding a thread.
    @discardableResult
    public func runAsync(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
                         timeout: TimeInterval = 60) async throws -> CLIResult {
        try await ChildProcess.runAsync(CLI.binary.path, arguments, environment: childEnvironment(extra), stdin: stdin, timeout: timeout)
    }

    /// `runAsync` blocking the calling thread; kept for synchronous callers (prefer `runAsync`).
    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> CLIResult {
        try ChildProcess.run(CLI.binary.path, arguments, environment: childEnvironment(extra), stdin: stdin, timeout: timeout)
    }

    /// Runs a bash `script` in which `$EVERYAUTH` is the built binary (pipes, umask, many processes).
    @discardableResult
    public func runScriptAsync(_ script: String, stdin: String? = nil, timeout: TimeInterval = 60) async throws -> CLIResult {
        try await ChildProcess.runAsync("/bin/bash", ["-c", "set -uo pipefail\n" + script], environment: childEnvironment(),
                                        stdin: stdin, timeout: timeout)
    }

    /// `runScriptAsync` blocking the calling thread; kept for synchronous callers (prefer `runScriptAsync`).
    @discardableResult
    public func runScript(_ script: String, stdin: String? = nil, timeout: TimeInterval = 60) throws -> CLIResult {
        try ChildProcess.run("/bin/bash", ["-c", "set -uo pipefail\n" + script], environment: childEnvironment(),
                             stdin: stdin, timeout: timeout)
    }

    /// Starts `everyauth ARGS` in the background with this session's environment.
    public func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(CLI.binary.path, arguments, environment: childEnvironment(extra))
    }

    /// The environment a run gets: this session's config dir, no ambient credentials or browser,
    /// and `$EVERYAUTH` naming the built binary for scripts.
    public func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["EVERYAUTH_CONFIG_DIR"] = configDir.path
        env.removeValue(forKey: "PAGERDUTY_TOKEN")
        env.removeValue(forKey: "EVERYAUTH_USER_ID")
        env.removeValue(forKey: "BROWSER")
        env["NO_COLOR"] = "1"
        env["EVERYAUTH"] = CLI.binary.path
        for (key, value) in environment { env[key] = value }
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// The store file parsed as JSON, or nil when absent.
    public func storeJSON() -> [String: Any]? {
        guard let data = storeData() else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The raw bytes of `everyauth.json`, or nil when absent.
    public func storeData() -> Data? {
        try? Data(contentsOf: storeURL)
    }

    /// Writes `data` as `everyauth.json`, creating the config dir (0700) first.
    public func writeStore(_ data: Data) throws {
        try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try data.write(to: storeURL)
        chmod(storeURL.path, 0o600)
    }

    /// The permission bits of a file under the config dir ("" for the dir itself), or -1.
    public func mode(_ name: String = "everyauth.json") -> Int {
        var info = stat()
        let path = name.isEmpty ? configDir.path : configDir.appendingPathComponent(name).path
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }

    /// Removes the temp dir.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: configDir)
    }
}

extension CLIResult {
    /// stdout parsed as JSON (objects and arrays), or nil.
    public var json: Any? {
        try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }

    /// stdout split into lines (without the final empty one).
    public var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
