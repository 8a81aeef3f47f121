import EveryAuthTestSupport
import Foundation

/// The generated documentation files: what the current parser produces, and where they are committed.
enum DocsArtifacts {
    /// The package root, found from this file's path (Tests/EndToEndTests/DocsArtifacts.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Shells whose completion scripts are committed, with their paths relative to the package root.
    static let completionFiles: [(shell: String, path: String)] = [
        ("bash", "completions/everyauth.bash"),
        ("zsh", "completions/_everyauth"),
        ("fish", "completions/everyauth.fish"),
    ]

    /// The man page path relative to the package root.
    static let manPagePath = "man/everyauth.1"

    /// Runs the built binary with `arguments` outside any config dir and returns its stdout.
    static func binaryOutput(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let result = try ChildProcess.run(CLI.binary.path, arguments, environment: environment, stdin: nil, timeout: 60)
        guard result.status == 0 else {
            throw DocsError("everyauth \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// The parser's tool description (`--experimental-dump-help`).
    static func toolInfo() throws -> DocsToolInfo {
        let json = try binaryOutput(["--experimental-dump-help"])
        return try JSONDecoder().decode(DocsToolInfo.self, from: Data(json.utf8))
    }

    /// Every generated file, keyed by its path relative to the package root.
    static func generate() throws -> [String: String] {
        var files: [String: String] = [:]
        for (shell, path) in completionFiles {
            files[path] = try binaryOutput(["--generate-completion-script", shell])
        }
        files[manPagePath] = DocsManPage.render(try toolInfo())
        return files
    }

    /// True when `EVERYAUTH_UPDATE_DOCS=1`: the docs test writes instead of comparing (scripts/generate-docs).
    static var updating: Bool { ProcessInfo.processInfo.environment["EVERYAUTH_UPDATE_DOCS"] == "1" }

    /// The first line where two texts differ, for a failure message that points at the change.
    static func firstDifference(committed: String, generated: String) -> String {
        let old = committed.components(separatedBy: "\n")
        let new = generated.components(separatedBy: "\n")
        for index in 0..<max(old.count, new.count) {
            let left = index < old.count ? old[index] : "<end of file>"
            let right = index < new.count ? new[index] : "<end of file>"
            if left != right { return "line \(index + 1): committed \"\(left)\", parser gives \"\(right)\"" }
        }
        return "no line differs"
    }

    /// Runs a program found on PATH (bash, zsh, fish, groff), or returns nil when it is not installed.
    static func runTool(_ name: String, _ arguments: [String], environment extra: [String: String] = [:]) async throws -> CLIResult? {
        guard let path = which(name) else { return nil }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        return try await ChildProcess.runAsync(path, arguments, environment: environment, timeout: 60)
    }

    /// The absolute path of `name` on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A failure of the docs machinery itself (the binary did not run, a tool failed).
struct DocsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
