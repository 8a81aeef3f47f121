import EveryAuthCLI
import EveryAuthCore
import Foundation
import Testing

/// The docs check: every `everyauth ...` command shown in README.md, docs/*.md and the man page's
/// EXAMPLES names real subcommands and options of the current parser, and the reference tables
/// list every exit code.
@Suite("Docs: commands shown in the docs exist")
struct DocsExamplesTests {
    /// One `everyauth` invocation found in a document.
    struct Example: CustomStringConvertible {
        var source: String
        var line: Int
        var words: [String]
        var description: String { "\(source):\(line): everyauth \(words.joined(separator: " "))" }
    }

    /// Words that end a command in a shell line.
    static let separators: Set<String> = ["|", "||", "&&", ";", ";;", "&", "\\", "then", "fi", "do", "done"]

    /// The `everyauth` invocations of one shell line (also inside `$(...)`).
    static func invocations(in line: String) -> [[String]] {
        let spaced = line.replacingOccurrences(of: "$(", with: " ")
            .replacingOccurrences(of: ")", with: " ; ")
            .replacingOccurrences(of: "\"", with: " ")
        var result: [[String]] = []
        var current: [String]?
        for word in spaced.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if word == "everyauth" || word.hasSuffix("/everyauth") {
                if let current { result.append(current) }
                current = []
            } else if current != nil {
                if separators.contains(word) || word.hasPrefix(">") || word.hasPrefix("<") || word.hasPrefix("2>") || word.hasPrefix("#") {
                    result.append(current ?? [])
                    current = nil
                } else {
                    current?.append(word)
                }
            }
        }
        if let current { result.append(current) }
        return result
    }

    /// Lines inside fenced code blocks of a Markdown file, with their line numbers.
    static func codeLines(markdown: String) -> [(Int, String)] {
        var inside = false
        var lines: [(Int, String)] = []
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inside.toggle(); continue }
            if inside { lines.append((index + 1, line)) }
        }
        return lines
    }

    /// Every example of README.md (when present), docs/*.md and the man page's EXAMPLES.
    static func examples() throws -> [Example] {
        var found: [Example] = []
        let root = DocsArtifacts.packageRoot
        var documents = [root.appendingPathComponent("README.md")]
        let docs = root.appendingPathComponent("docs")
        documents += ((try? FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
        for document in documents {
            guard let text = try? String(contentsOf: document, encoding: .utf8) else { continue }
            for (number, line) in codeLines(markdown: text) {
                for words in invocations(in: line) {
                    found.append(Example(source: document.lastPathComponent, line: number, words: words))
                }
            }
        }
        var literal = false
        for (index, line) in DocsManPageSections.examples.enumerated() {
            if line.hasPrefix(".Bd") { literal = true; continue }
            if line.hasPrefix(".Ed") { literal = false; continue }
            guard literal else { continue }
            for words in invocations(in: line.replacingOccurrences(of: "\\e", with: "\\")) {
                found.append(Example(source: "man EXAMPLES", line: index + 1, words: words))
            }
        }
        return found
    }

    /// Why `words` do not parse as a command of `root`, or nil when they do (as far as the tree tells).
    static func problem(_ words: [String], root: DocsCommandInfo) -> String? {
        var command = root
        var remaining = words[...]
        while let word = remaining.first, !word.hasPrefix("-"), !command.visibleSubcommands.isEmpty {
            guard let next = command.visibleSubcommands.first(where: { $0.commandName == word || $0.aliases?.contains(word) == true }) else {
                return "unknown subcommand \(word) of \(command.fullName.joined(separator: " "))"
            }
            command = next
            remaining = remaining.dropFirst()
        }
        let arguments = command.arguments ?? []
        // A command with no options of its own yet (a placeholder before its branch lands) accepts anything.
        guard arguments.contains(where: { !$0.isHelpOrVersion }) || !command.visibleSubcommands.isEmpty else { return nil }
        let spellings = Set(arguments.flatMap { ($0.names ?? []).map(\.spelled) })
        for word in remaining where word.hasPrefix("-") && word != "-" && word != "--" {
            let name = String(word.prefix { $0 != "=" })
            if !spellings.contains(name) { return "\(command.fullName.joined(separator: " ")) has no option \(name)" }
        }
        return nil
    }

    @Test("every everyauth command in README.md, docs/*.md and the man page's EXAMPLES parses")
    func examplesParse() throws {
        let tool = try DocsArtifacts.toolInfo()
        let examples = try Self.examples()
        #expect(examples.count >= 5, "too few examples found: \(examples)")
        for example in examples {
            if let problem = Self.problem(example.words, root: tool.command) {
                Issue.record("\(example): \(problem)")
            }
        }
    }

    @Test("the checker itself rejects unknown subcommands and options")
    func checkerCanFail() throws {
        let dump = #"""
            {"command": {"commandName": "everyauth", "subcommands": [
              {"commandName": "identity", "superCommands": ["everyauth"], "subcommands": [
                {"commandName": "get", "superCommands": ["everyauth", "identity"], "arguments": [
                  {"kind": "option", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "long", "name": "user-id"}], "preferredName": {"kind": "long", "name": "user-id"}}]}]}]}}
            """#
        let root = try JSONDecoder().decode(DocsToolInfo.self, from: Data(dump.utf8)).command
        #expect(Self.problem(["identity", "get", "pagerduty", "--user-id=alice"], root: root) == nil)
        #expect(Self.problem(["identity", "fetch"], root: root) != nil)
        #expect(Self.problem(["identity", "get", "--userid", "alice"], root: root) != nil)
        #expect(Self.invocations(in: #"curl -H "Authorization: Bearer $(everyauth identity token pagerduty --user-id alice)" \"#)
                == [["identity", "token", "pagerduty", "--user-id", "alice"]])
        #expect(Self.invocations(in: "everyauth incidents list --all -o ndjson | jq .id") == [["incidents", "list", "--all", "-o", "ndjson"]])
    }

    @Test("README.md lists every exit code and environment variable")
    func referenceTablesComplete() throws {
        let text = try String(contentsOf: DocsArtifacts.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for status in ExitStatus.allCases {
            #expect(text.contains("\n| \(status.rawValue) | "), "exit code \(status.rawValue) missing from the table")
        }
        for variable in ["EVERYAUTH_CONFIG_DIR", "XDG_CONFIG_HOME", "EVERYAUTH_USER_ID", "PAGERDUTY_TOKEN",
                         "EVERYAUTH_CA_BUNDLE", "BROWSER", "NO_COLOR", "https_proxy", "ALL_PROXY", "EVERYAUTH_STORE_KEY",
                         "EVERYAUTH_STORE_KEY_FILE"] {
            #expect(text.contains("`\(variable)`"), "\(variable) missing from the environment table")
        }
    }
}
