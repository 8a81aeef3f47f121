import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation

/// What one in-process run of a command left behind.
struct Outcome: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A user's session with `everyauth`, run in this process: a temporary config dir, an
/// environment of its own (nothing inherited: no ambient token or user id), memory streams.
struct InProcessCLI: Sendable {
    /// The config dir this session uses (a fresh temp dir per test).
    let configDir: URL
    /// The environment every run gets.
    var environment: [String: String]

    init(environment extra: [String: String] = [:]) {
        configDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("everyauth-cli-\(UUID().uuidString)", isDirectory: true)
        environment = [
            "EVERYAUTH_CONFIG_DIR": configDir.path, "HOME": FileManager.default.temporaryDirectory.path,
            "USER": "login-user", "LOGNAME": "login-user", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
        ]
        for (key, value) in extra { environment[key] = value }
    }

    /// Runs `everyauth ARGUMENTS` with `stdin` as input; the terminal flags pretend a person is there.
    func run(
        _ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
        stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false
    ) async -> Outcome {
        let streams = CommandStreams(
            stdin: .text(stdin, isTerminal: stdinIsTerminal), stdout: .memory(isTerminal: stdoutIsTerminal),
            stderr: .memory(isTerminal: stderrIsTerminal))
        var variables = environment
        for (key, value) in extra { variables[key] = value }
        let status = await CommandRunner.run(arguments, environment: variables, streams: streams)
        return Outcome(status: status, stdout: streams.stdout.text, stderr: streams.stderr.text)
    }

    /// The store of this session.
    var store: FileStore { FileStore(directory: configDir) }

    /// The stored identities (none when there is no store yet).
    func identities() throws -> [Identity] { try store.read().identities }

    /// Adds an API-key identity for `userId` directly in the store and returns it.
    @discardableResult
    func addAPIKey(_ key: String, userId: String, tags: IdentityTags = [:]) throws -> Identity {
        try store.update { document in
            document.upsertIdentity(service: .pagerduty, userId: userId, kind: .apiKey, credential: .apiKey(key), tags: tags)
        }
    }

    /// Removes the temp dir.
    func cleanUp() {
        try? FileManager.default.removeItem(at: configDir)
    }
}
