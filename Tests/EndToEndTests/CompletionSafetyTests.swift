import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// Stored text reaches a shell only as inert words (SPEC §6, issue 23 item 1): user ids and tags can
/// arrive from any browser through `everyauth serve`, and the admin presses TAB. Each shell's own
/// completion function runs against a store holding hostile values; nothing may run, hostile values
/// are not offered, ordinary ones still are.
@Suite("Completion candidates are inert words in bash, zsh and fish")
struct CompletionSafetyTests {
    /// A store whose user ids and tags try command substitution, backticks, parameter expansion and
    /// quoting, each touching its own marker file, beside ordinary ones.
    struct HostileStore {
        let directory: URL
        let markers: [URL]
        let hostileUserIDs: [String]
        let hostileTags: [String]

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-complete-\(UUID().uuidString)")
            let markerDirectory = directory.appendingPathComponent("markers")
            try FileManager.default.createDirectory(at: markerDirectory, withIntermediateDirectories: true)
            markers = (0..<6).map { markerDirectory.appendingPathComponent("ran-\($0)") }
            hostileUserIDs = [
                "$(touch \(markers[0].path))",
                "`touch \(markers[1].path)`",
                "a$(touch${IFS}\(markers[2].path))",
                "x';touch \(markers[3].path);'",
            ]
            hostileTags = ["team=$(touch \(markers[4].path))", "env=`touch \(markers[5].path)`"]
            let identities: [(String, IdentityTags)] = [
                ("alice", ["team": "web"]), ("alex", ["team": "web"]), ("bob", [:]),
                (hostileUserIDs[0], ["team": "$(touch \(markers[4].path))"]),
                (hostileUserIDs[1], ["env": "`touch \(markers[5].path)`"]),
                (hostileUserIDs[2], [:]), (hostileUserIDs[3], [:]),
            ]
            try FileStore(directory: directory).update { document in
                for (userID, tags) in identities {
                    document.identities.append(Identity(service: "pagerduty", userId: userID, tags: tags, kind: .apiKey, credential: .apiKey("k")))
                }
            }
        }

        /// True when no hostile value ran.
        var nothingRan: Bool { markers.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) } }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }
    }

    static let completions = DocsArtifacts.packageRoot.appendingPathComponent("completions")

    /// PATH with the built binary first: the scripts run `everyauth ---completion ...`.
    static var path: String {
        CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    @Test("the completion program itself prints no hostile candidate")
    func programFilters() async throws {
        let store = try HostileStore()
        defer { store.cleanUp() }
        let result = try await ChildProcess.runAsync(
            CLI.binary.path, ["---completion", "identity", "token", "--", "--user-id", "7", "0",
                              "everyauth", "identity", "token", "pagerduty", "--config-dir", store.directory.path, "--user-id", ""],
            environment: ["PATH": Self.path], timeout: 30)
        let candidates = result.stdout.split(separator: "\n").map(String.init)
        #expect(Set(candidates).isSuperset(of: ["alice", "alex", "bob"]), "\(result.stdout) \(result.stderr)")
        for hostile in store.hostileUserIDs { #expect(!candidates.contains(hostile)) }
        #expect(store.nothingRan)
    }

    @Test("bash: TAB after --user-id and --tag runs nothing and offers the ordinary values")
    func bash() async throws {
        let store = try HostileStore()
        defer { store.cleanUp() }
        let (users, userErrors) = try await DocsCompletionTests.bashComplete(
            ["everyauth", "identity", "token", "pagerduty", "--config-dir", store.directory.path, "--user-id", ""])
        #expect(store.nothingRan, "a stored value ran as code in bash")
        #expect(Set(users) == ["alice", "alex", "bob"], "\(users) \(userErrors)")
        let (tags, _) = try await DocsCompletionTests.bashComplete(
            ["everyauth", "identity", "token", "pagerduty", "--config-dir", store.directory.path, "--tag", ""])
        #expect(store.nothingRan, "a stored tag ran as code in bash")
        #expect(tags == ["team=web"], "\(tags)")
        let (prefixed, _) = try await DocsCompletionTests.bashComplete(
            ["everyauth", "identity", "token", "pagerduty", "--config-dir", store.directory.path, "--user-id", "al"])
        #expect(prefixed.sorted() == ["alex", "alice"])
    }

    @Test("zsh: TAB after --user-id runs nothing and offers the ordinary values", .enabled(if: DocsArtifacts.which("zsh") != nil, "zsh is not installed"))
    func zsh() async throws {
        let store = try HostileStore()
        defer { store.cleanUp() }
        let offered = try await Self.zshComplete("everyauth identity token pagerduty --config-dir \(store.directory.path) --user-id ", store: store)
        #expect(store.nothingRan, "a stored value ran as code in zsh")
        #expect(Set(offered).isSuperset(of: ["alice", "alex", "bob"]), "zsh offered \(offered)")
        for hostile in store.hostileUserIDs { #expect(!offered.contains(hostile), "zsh offered \(hostile)") }
        let tags = try await Self.zshComplete("everyauth identity token pagerduty --config-dir \(store.directory.path) --tag ", store: store)
        #expect(store.nothingRan, "a stored tag ran as code in zsh")
        #expect(tags.contains("team=web"), "zsh offered \(tags)")
        #expect(!tags.contains { $0.contains("touch") }, "zsh offered \(tags)")
    }

    @Test("fish: TAB after --user-id runs nothing and offers the ordinary values", .enabled(if: DocsArtifacts.which("fish") != nil && DocsArtifacts.which("zsh") != nil, "fish or zsh (whose zpty drives it) is not installed"))
    func fish() async throws {
        let store = try HostileStore()
        defer { store.cleanUp() }
        let screen = try await Self.fishComplete("everyauth identity token pagerduty --config-dir \(store.directory.path) --user-id ", store: store,
                                                 until: ["alice", "alex", "bob"])
        #expect(store.nothingRan, "a stored value ran as code in fish")
        for name in ["alice", "alex", "bob"] { #expect(screen.contains(name), "fish did not offer \(name): \(screen.debugDescription)") }
        #expect(!screen.contains("touch"), "fish offered a hostile value: \(screen.debugDescription)")
        let tags = try await Self.fishComplete("everyauth identity token pagerduty --config-dir \(store.directory.path) --tag ", store: store,
                                               until: ["team=web"])
        #expect(store.nothingRan, "a stored tag ran as code in fish")
        #expect(tags.contains("team=web") && !tags.contains("touch"), "fish offered \(tags.debugDescription)")
    }

    /// An interactive fish in a pseudo-terminal (driven by zsh's zpty: fish's `complete -C` cannot
    /// run the script's custom completions, which read the command line's cursor), with the
    /// committed script sourced; types `line` and TAB and returns the screen it drew, escape
    /// sequences removed, once every string of `until` is on it (or after 20 s).
    static func fishComplete(_ line: String, store: HostileStore, until expected: [String]) async throws -> String {
        let home = store.directory.appendingPathComponent("fish-home")
        let script = completions.appendingPathComponent("everyauth.fish").path
        let start = "source \(script); function fish_prompt; echo '> '; end; echo '<<READY>>'"
        let driver = #"""
            zmodload zsh/zpty || exit 90
            zpty f fish --no-config -i -C ${(q)1} || exit 91
            function read_until() {
                local buffer='' chunk
                integer deadline=$(( SECONDS + 20 ))
                while (( SECONDS < deadline )); do
                    if zpty -rt f chunk 2>/dev/null; then
                        buffer+=$chunk
                        local plain=${buffer//$'\e'\[[0-9;?]#[a-zA-Z]/}
                        local missing=0 word
                        for word in "${@}"; do [[ $plain == *"$word"* ]] || missing=1; done
                        (( missing )) || { print -r -- "$buffer"; return 0 }
                    else
                        sleep 0.05
                    fi
                done
                print -r -- "$buffer"
                return 1
            }
            read_until '<<READY>>' > /dev/null || exit 92
            zpty -w -n f "$2"$'\t'
            read_until "${@:3}"
            zpty -w -n f $'\x03'
            zpty -d f
            """#
        let environment = ["PATH": path, "TERM": "xterm", "HOME": home.path, "XDG_CONFIG_HOME": home.path, "XDG_DATA_HOME": home.path]
        let result = try #require(await DocsArtifacts.runTool("zsh", ["-f", "-c", driver, "zsh", start, line] + expected, environment: environment))
        guard result.status == 0 else { throw DocsError("fish completion driver exited \(result.status): \(result.stdout) \(result.stderr)") }
        // What fish drew after the line was typed, without escape sequences.
        return result.stdout.replacingOccurrences(of: #"\x{1B}\[[0-9;?]*[a-zA-Z]|\x{1B}\][^\x{07}]*\x{07}|\x{1B}\(B"#, with: "",
                                                  options: String.CompareOptions.regularExpression)
    }

    /// Runs an interactive zsh in a pseudo-terminal (zpty) with the committed `_everyauth`, types
    /// `line` and TAB, and returns what the completion system was given to offer: `compadd` is
    /// wrapped to report each match, and a post-completion hook marks the end.
    static func zshComplete(_ line: String, store: HostileStore) async throws -> [String] {
        let setup = store.directory.appendingPathComponent("zsh-setup.zsh")
        try """
            PROMPT=''
            RPROMPT=''
            fpath=(\(completions.path) $fpath)
            autoload -Uz compinit
            compinit -u -D
            zstyle ':completion:*' list-grouped false
            zstyle ':completion:*' insert-tab false
            compadd() {
                if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
                    builtin compadd "$@"
                    return $?
                fi
                local -a __everyauth_hits
                builtin compadd -A __everyauth_hits "$@"
                local hit
                for hit in $__everyauth_hits; do print -r -- "<<""HIT>>$hit"; done
                builtin compadd "$@"
            }
            __everyauth_test_done() { print -r -- "<<""DONE>>" }
            comppostfuncs=(__everyauth_test_done)
            print -r -- "<<""READY>>"
            """.write(to: setup, atomically: true, encoding: .utf8)
        let driver = """
            zmodload zsh/zpty || exit 90
            zpty z zsh -f -i || exit 91
            zpty -w z "source ${(q)1}"
            function wait_for() {
                local buffer='' chunk
                integer deadline=$(( SECONDS + 30 ))
                while (( SECONDS < deadline )); do
                    if zpty -rt z chunk 2>/dev/null; then
                        buffer+=$chunk
                        [[ $buffer == *"$1"* ]] && { print -r -- "$buffer"; return 0 }
                    else
                        sleep 0.05
                    fi
                done
                print -r -- "$buffer"
                return 1
            }
            wait_for '<<READY>>' > /dev/null || exit 92
            zpty -w -n z "$2"$'\\t'
            wait_for '<<DONE>>' || exit 93
            """
        let result = try #require(try await DocsArtifacts.runTool(
            "zsh", ["-f", "-c", driver, "zsh", setup.path, line], environment: ["PATH": path, "TERM": "dumb"]))
        guard result.status == 0 else { throw DocsError("zsh completion driver exited \(result.status): \(result.stdout) \(result.stderr)") }
        // Lines end in CR LF on a pty, and "\r\n" is one Character: split on bytes.
        let lines = result.stdout.utf8.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self) }
        return lines.compactMap { text in
            guard let range = text.range(of: "<<HIT>>") else { return nil }
            return String(text[range.upperBound...])
        }
    }
}
