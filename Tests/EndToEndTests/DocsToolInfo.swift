import Foundation

/// The part of swift-argument-parser's `--experimental-dump-help` JSON (ToolInfoV0) the man page
/// needs; mirrored here so the test target does not depend on ArgumentParserToolInfo.
struct DocsToolInfo: Decodable, Sendable {
    /// The root command.
    var command: DocsCommandInfo
}

/// One command of the tree, as dumped by the parser.
struct DocsCommandInfo: Decodable, Sendable {
    var superCommands: [String]?
    var shouldDisplay: Bool?
    var commandName: String
    var aliases: [String]?
    var abstract: String?
    var discussion: String?
    var defaultSubcommand: String?
    var subcommands: [DocsCommandInfo]?
    var arguments: [DocsArgumentInfo]?

    /// `everyauth identity get`: the super commands and this one.
    var fullName: [String] { (superCommands ?? []) + [commandName] }

    /// Subcommands a reader should see (the parser's implicit `help` is hidden from the page).
    var visibleSubcommands: [DocsCommandInfo] {
        (subcommands ?? []).filter { $0.shouldDisplay != false && $0.commandName != "help" }
    }

    /// Arguments a reader should see, without `--help`/`--version`, which the page states once.
    var visibleArguments: [DocsArgumentInfo] {
        (arguments ?? []).filter { $0.shouldDisplay && !$0.isHelpOrVersion }
    }
}

/// One flag, option or positional argument.
struct DocsArgumentInfo: Decodable, Sendable {
    /// One spelling of a flag or option.
    struct Name: Decodable, Sendable {
        var kind: String
        var name: String

        /// `-v`, `--verbose`, or `-long` for single-dash long names.
        var spelled: String { kind == "long" ? "--" + name : "-" + name }
    }

    var kind: String
    var shouldDisplay: Bool
    var sectionTitle: String?
    var isOptional: Bool
    var isRepeating: Bool
    var names: [Name]?
    var preferredName: Name?
    var valueName: String?
    var defaultValue: String?
    var allValues: [String]?
    var allValueDescriptions: [String: String]?
    var abstract: String?
    var discussion: String?
    var completionKind: DocsCompletionKind?

    /// True for the parser's own `-h/--help` and `--version`.
    var isHelpOrVersion: Bool {
        guard kind == "flag", let names else { return false }
        return names.contains { $0.kind == "long" && ($0.name == "help" || $0.name == "version") }
    }

    /// Identifies the same argument across commands: its kind and spellings.
    var key: String { kind + " " + (names ?? []).map(\.spelled).joined(separator: " ") }

    /// The value placeholder of an option or positional: `dir`, `service`.
    var placeholder: String { valueName ?? preferredName?.name ?? "value" }
}

/// How the shells complete an argument's value (`{"list":{"values":[...]}}`, `{"custom":{}}`, ...).
struct DocsCompletionKind: Decodable, Sendable {
    /// The payload of a kind; only `list` carries values.
    struct Payload: Decodable, Sendable {
        var values: [String]?
    }

    var list: Payload?
    var custom: Payload?
    var customAsync: Payload?

    /// True when the shell asks the binary for candidates at completion time.
    var isCustom: Bool { custom != nil || customAsync != nil }
}
