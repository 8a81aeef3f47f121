import ArgumentParser
import EveryAuthCore
import Foundation

/// Runs `everyauth ARGUMENTS`: the executable's `main` and the in-process tests both come here,
/// so parsing, the one error form (SPEC §6: `everyauth: error: ...` and a hint line, for a
/// mistyped flag as for a refused token) and the exit status are the same for both.
public enum CommandRunner {
    /// Parses and runs; returns the exit status. Help, version and completion output go to
    /// `streams.stdout`, errors to `streams.stderr` (usage errors exit 64).
    public static func run(_ arguments: [String], environment: [String: String], streams: CommandStreams) async -> Int32 {
        let arguments = GlobalOptionsFirst.moved(arguments)
        do {
            var parsed = try RootCommand.parseAsRoot(arguments)
            if let command = parsed as? any EveryAuthCommand {
                let status = await command.run(environment: environment, streams: streams)
                streams.stdout.flush()
                return status
            }
            // `help`, or a command group alone: their run() asks for help, printed below as the
            // executable prints it.
            try parsed.run()
            return ExitStatus.success.rawValue
        } catch {
            let status = RootCommand.exitCode(for: error).rawValue
            let message = RootCommand.fullMessage(for: error)
            if status == 0 {
                streams.stdout.write(message + "\n")
                streams.stdout.flush()
            } else {
                streams.stderr.write(UsageErrorText.render(message, arguments: arguments) + "\n")
            }
            return status
        }
    }
}

/// Global options written before the subcommand (`everyauth --config-dir D identity ls`, as
/// kubectl and gh users type them) are moved after it, where the parser reads them.
enum GlobalOptionsFirst {
    /// Options every command takes, and whether each takes a value.
    static let options: [String: Bool] = ["--config-dir": true, "--store": true, "-v": false, "--verbose": false]

    /// `arguments` with the global options that precede the first subcommand word moved to the
    /// end (before a `--`, whose words belong to the command).
    static func moved(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            guard let takesValue = options[name] else { break }
            leading.append(word)
            if takesValue, !word.contains("="), index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        var rest = Array(arguments[index...])
        let terminator = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: terminator)
        return rest
    }
}

/// ArgumentParser's parse errors in everyauth's one error form: `everyauth: error: MESSAGE` and a
/// hint line, with a suggestion for a mistyped subcommand as the parser gives one for a flag.
enum UsageErrorText {
    /// The two lines for the parser's `fullMessage` of an error on `arguments`.
    static func render(_ fullMessage: String, arguments: [String]) -> String {
        let lines = fullMessage.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var message = lines.first ?? fullMessage
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        var hint = lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("See '") }?
            .trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " for more information.", with: " for the options.")
        if let (path, suggestion) = subcommandSuggestion(arguments) {
            message = "'\(path.last ?? "")' is not a subcommand of '\(path.dropLast().joined(separator: " "))'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            hint = "See '\(path.dropLast().joined(separator: " ")) --help' for the subcommands."
        }
        // Parse errors quote what was typed: no escape sequence reaches the terminal.
        let first = "everyauth: error: " + TerminalText.sanitized(message)
        return hint.map { first + "\n" + TerminalText.sanitized($0) } ?? first
    }

    /// When the word after a command group is not one of its subcommands: the path typed (the
    /// group's words and the wrong one) and the closest subcommand name, if one is close.
    static func subcommandSuggestion(_ arguments: [String]) -> (path: [String], suggestion: String?)? {
        var command: any ParsableCommand.Type = RootCommand.self
        var path = ["everyauth"]
        for word in arguments where !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { names($0).contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            let candidates = subcommands.flatMap(names)
            let best = candidates.map { ($0, distance($0, word)) }.min { $0.1 < $1.1 }
            let suggestion = best.flatMap { $0.1 <= max(1, $0.0.count / 3) ? $0.0 : nil }
            return (path + [word], suggestion)
        }
        return nil
    }

    private static func names(_ command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// Levenshtein distance, for suggestions.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
