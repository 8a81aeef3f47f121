import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of running the built `everyauth` binary.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `everyauth` as a user would, in a temporary config dir.
struct CLI: Sendable {
    /// The config dir this session uses (a fresh temp dir per test).
    let configDir: URL
    /// Extra environment for every run.
    var environment: [String: String] = [:]

    init(environment: [String: String] = [:]) {
        configDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("everyauth-e2e-\(UUID().uuidString)", isDirectory: true)
        self.environment = environment
    }

    /// `everyauth.json` of this session.
    var storeURL: URL { configDir.appendingPathComponent("everyauth.json") }

    /// The store file parsed as JSON, or nil when absent.
    func storeJSON() -> [String: Any]? {
        guard let data = try? Data(contentsOf: storeURL) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The built binary, next to the test bundle in the products directory.
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            dir = bundle.bundleURL.deletingLastPathComponent()
        }
        let candidate = dir.appendingPathComponent("everyauth")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        // Fallback: .build/debug relative to the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/everyauth")
    }()

    /// Runs `everyauth ARGS` with `--config-dir` set through the environment, feeding `stdin`,
    /// and kills it after `timeout` seconds.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], timeout: TimeInterval = 60) throws -> CLIResult {
        try ChildProcess.run(CLI.binary.path, arguments, environment: childEnvironment(extra), stdin: stdin, timeout: timeout)
    }

    /// Removes the temp dir.
    func cleanUp() {
        try? FileManager.default.removeItem(at: configDir)
    }
}

/// Process launching with captured output and a bounded wait (children are SIGKILLed on timeout).
enum ChildProcess {
    static func run(_ path: String, _ arguments: [String], environment: [String: String], stdin input: String?, timeout: TimeInterval) throws -> CLIResult {
        let child = try BackgroundProcess(path, arguments, environment: environment)
        if let input { child.write(input) }
        child.closeStdin()
        return child.wait(timeout: timeout)
    }
}

final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    func append(out data: Data) { lock.lock(); outData.append(data); lock.unlock() }
    func append(err data: Data) { lock.lock(); errData.append(data); lock.unlock() }
    var out: String { lock.lock(); defer { lock.unlock() }; return String(decoding: outData, as: UTF8.self) }
    var err: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errData, as: UTF8.self) }
}

extension CLI {
    /// The environment a run gets: this session's config dir, no ambient credentials or browser,
    /// and `$EVERYAUTH` naming the built binary for scripts.
    func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
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

    /// Runs a bash `script` in which `$EVERYAUTH` is the built binary (pipes, umask, many processes).
    @discardableResult
    func runScript(_ script: String, stdin: String? = nil, timeout: TimeInterval = 60) throws -> CLIResult {
        try ChildProcess.run("/bin/bash", ["-c", "set -uo pipefail\n" + script], environment: childEnvironment(),
                             stdin: stdin, timeout: timeout)
    }

    /// The raw bytes of `everyauth.json`, or nil when absent.
    func storeData() -> Data? {
        try? Data(contentsOf: storeURL)
    }

    /// Writes `data` as `everyauth.json`, creating the config dir (0700) first.
    func writeStore(_ data: Data) throws {
        try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try data.write(to: storeURL)
        chmod(storeURL.path, 0o600)
    }

    /// The permission bits of a file under the config dir ("" for the dir itself), or -1.
    func mode(_ name: String = "everyauth.json") -> Int {
        var info = stat()
        let path = name.isEmpty ? configDir.path : configDir.appendingPathComponent(name).path
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }
}

extension CLIResult {
    /// stdout parsed as JSON (objects and arrays), or nil.
    var json: Any? {
        try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }

    /// stdout split into lines (without the final empty one).
    var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
