import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// The committed completion scripts work in real shells: bash always, zsh and fish when installed.
@Suite("Docs: shell completions")
struct DocsCompletionTests {
    /// completions/everyauth.bash.
    static let bashScript = DocsArtifacts.packageRoot.appendingPathComponent("completions/everyauth.bash").path

    /// The parser's command tree (nil when the binary cannot dump it; the tests then fail on use).
    static let tool: DocsToolInfo? = try? DocsArtifacts.toolInfo()

    /// A command path with a `--user-id` option completed by the store (`Completion.userIDs`).
    static let userIDCommand: [String]? = tool.flatMap { tool in
        DocsManPage.descendants(of: tool.command).first { command in
            command.visibleArguments.contains { $0.names?.contains { $0.name == "user-id" } == true && $0.completionKind?.isCustom == true }
        }.map { Array($0.fullName.dropFirst()) }
    }

    /// A command path whose first positional completes to the service names (`Completion.services`).
    static let serviceCommand: [String]? = tool.flatMap { tool in
        DocsManPage.descendants(of: tool.command).first { command in
            command.visibleArguments.first { $0.kind == "positional" }?.completionKind?.list?.values?.contains("pagerduty") == true
        }.map { Array($0.fullName.dropFirst()) }
    }

    /// Sources the bash script, completes the last of `words` as bash would on TAB, and returns COMPREPLY.
    static func bashComplete(_ words: [String], environment: [String: String] = [:]) async throws -> (replies: [String], stderr: String) {
        let driver = """
            source "$1" || exit 90
            shift
            function=$(complete -p everyauth | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')
            [ -n "$function" ] || exit 91
            COMP_WORDS=("$@")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "$function" everyauth "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        // The script runs `everyauth ---completion ...` for dynamic values, so the built binary goes first on PATH.
        var env = environment
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["PATH"] = CLI.binary.deletingLastPathComponent().path + ":" + path
        guard let result = try await DocsArtifacts.runTool("bash", ["--norc", "--noprofile", "-c", driver, "bash", bashScript] + words, environment: env) else {
            throw DocsError("bash is not installed")
        }
        guard result.status == 0 else { throw DocsError("bash completion driver exited \(result.status): \(result.stderr)") }
        return (result.stdout.split(separator: "\n").map(String.init), result.stderr)
    }

    /// A temp config dir whose store holds identities of the given user ids.
    static func configDir(userIDs: [String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-docs-\(UUID().uuidString)")
        try FileStore(directory: directory).update { document in
            for userID in userIDs {
                document.identities.append(Identity(service: "pagerduty", userId: userID, kind: .apiKey, credential: .apiKey("k")))
            }
        }
        return directory
    }

    @Test("sourcing the bash script registers a completion function for everyauth")
    func bashRegistersCompletion() async throws {
        let result = try #require(try await DocsArtifacts.runTool("bash", ["--norc", "--noprofile", "-c", "source \"$1\" && complete -p everyauth", "bash", Self.bashScript]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("-F _everyauth everyauth"), "complete -p printed: \(result.stdout)")
        #expect(result.stderr.isEmpty, "sourcing printed: \(result.stderr)")
    }

    @Test("bash completes the subcommands after `everyauth `")
    func bashCompletesSubcommands() async throws {
        let tool = try #require(Self.tool)
        let (replies, stderr) = try await Self.bashComplete(["everyauth", ""])
        for command in tool.command.visibleSubcommands {
            #expect(replies.contains(command.commandName), "no \(command.commandName) in \(replies)")
        }
        #expect(stderr.isEmpty, "\(stderr)")
        let (partial, _) = try await Self.bashComplete(["everyauth", "ide"])
        #expect(partial == ["identity"])
    }

    @Test("bash completes every command's options after `--`")
    func bashCompletesOptions() async throws {
        let tool = try #require(Self.tool)
        for command in DocsManPage.descendants(of: tool.command) {
            let (replies, _) = try await Self.bashComplete(["everyauth"] + command.fullName.dropFirst() + ["--"])
            for argument in command.visibleArguments where argument.kind != "positional" {
                for name in argument.names ?? [] where name.kind == "long" {
                    #expect(replies.contains(name.spelled), "\(command.fullName.joined(separator: " ")): \(name.spelled) not offered")
                }
            }
        }
    }

    @Test("bash completes service names", .enabled(if: serviceCommand != nil, "no command has a service positional yet"))
    func bashCompletesServices() async throws {
        let path = try #require(Self.serviceCommand)
        let (replies, _) = try await Self.bashComplete(["everyauth"] + path + [""])
        #expect(replies.contains("pagerduty"), "\(replies)")
    }

    @Test("bash completes --user-id from the store of the --config-dir on the line, silently on error",
          .enabled(if: userIDCommand != nil, "no command has a --user-id option yet"))
    func bashCompletesStoredUserIDs() async throws {
        let path = try #require(Self.userIDCommand)
        let directory = try Self.configDir(userIDs: ["alice", "bob", "alex"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let (all, stderr) = try await Self.bashComplete(["everyauth"] + path + ["--config-dir", directory.path, "--user-id", ""])
        #expect(all.sorted() == ["alex", "alice", "bob"])
        #expect(stderr.isEmpty, "\(stderr)")
        let (prefixed, _) = try await Self.bashComplete(["everyauth"] + path + ["--user-id", "al"], environment: ["EVERYAUTH_CONFIG_DIR": directory.path])
        #expect(prefixed.sorted() == ["alex", "alice"])

        try Data("{not json".utf8).write(to: directory.appendingPathComponent("everyauth.json"))
        let (broken, brokenErr) = try await Self.bashComplete(["everyauth"] + path + ["--config-dir", directory.path, "--user-id", ""])
        #expect(broken.isEmpty)
        #expect(brokenErr.isEmpty, "completion printed on a broken store: \(brokenErr)")
    }

    @Test("bash completes --tag from the tags stored on identities")
    func bashCompletesStoredTags() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileStore(directory: directory).update { document in
            document.identities.append(Identity(service: "pagerduty", userId: "a", tags: ["team": "web", "env": "prod"], kind: .apiKey, credential: .apiKey("k")))
            document.identities.append(Identity(service: "pagerduty", userId: "b", tags: ["team": "db"], kind: .apiKey, credential: .apiKey("k")))
        }
        let (all, stderr) = try await Self.bashComplete(["everyauth", "identity", "token", "pagerduty", "--config-dir", directory.path, "--tag", ""])
        #expect(all.sorted() == ["env=prod", "team=db", "team=web"])
        #expect(stderr.isEmpty, "\(stderr)")
        let (prefixed, _) = try await Self.bashComplete(["everyauth", "identity", "token", "pagerduty", "--config-dir", directory.path, "--tag", "team="])
        #expect(prefixed.sorted() == ["team=db", "team=web"])
    }

    @Test("zsh accepts the zsh script", .enabled(if: DocsArtifacts.which("zsh") != nil, "zsh is not installed"))
    func zshSyntax() async throws {
        let script = DocsArtifacts.packageRoot.appendingPathComponent("completions/_everyauth").path
        let result = try #require(try await DocsArtifacts.runTool("zsh", ["-n", script]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("fish accepts the fish script and completes the subcommands", .enabled(if: DocsArtifacts.which("fish") != nil, "fish is not installed"))
    func fishCompletes() async throws {
        let tool = try #require(Self.tool)
        let script = DocsArtifacts.packageRoot.appendingPathComponent("completions/everyauth.fish").path
        let syntax = try #require(try await DocsArtifacts.runTool("fish", ["--no-config", "-n", script]))
        #expect(syntax.status == 0, "\(syntax.stderr)")
        // fish writes its history and variables under HOME: give it a throwaway one.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-docs-fish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try #require(try await DocsArtifacts.runTool("fish", ["--no-config", "-c", "source $argv[1]; complete -C 'everyauth '", script],
                                                         environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "XDG_DATA_HOME": home.path]))
        let offered = run.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        for command in tool.command.visibleSubcommands {
            #expect(offered.contains(command.commandName), "fish did not offer \(command.commandName): \(run.stdout) \(run.stderr)")
        }
    }
}
