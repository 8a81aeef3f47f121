import ArgumentParser
import EveryAuthCLI
import EveryAuthTestSupport
import Foundation
import Testing

/// The command tree in-process: every command's help parses and names its options, and a word
/// that is no command is a usage error. No binary, no store, no network.
@Suite struct CommandTreeTests {
    /// Every command below the root with its path of command names, found through the tree itself
    /// so that a command added later is covered without touching this test.
    static let commands: [(path: [String], type: ParsableCommand.Type)] = {
        func walk(_ type: ParsableCommand.Type, _ path: [String]) -> [([String], ParsableCommand.Type)] {
            type.configuration.subcommands.flatMap { sub -> [([String], ParsableCommand.Type)] in
                let name = sub.configuration.commandName ?? sub._commandName
                return [(path + [name], sub)] + walk(sub, path + [name])
            }
        }
        return walk(RootCommand.self, []).map { (path: $0.0, type: $0.1) }
    }()

    /// The long option names (`--name`) the parser declares for `path`, from its own help dump.
    static func declaredOptions(_ path: [String]) throws -> [String] {
        let dump: String
        do {
            _ = try RootCommand.parseAsRoot(path + ["--experimental-dump-help"])
            Issue.record("--experimental-dump-help parsed as a command")
            return []
        } catch {
            dump = RootCommand.fullMessage(for: error)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
        let command = try #require(object["command"] as? [String: Any])
        let arguments = command["arguments"] as? [[String: Any]] ?? []
        return arguments.filter { $0["shouldDisplay"] as? Bool ?? true }.flatMap { argument in
            (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
                name["kind"] as? String == "long" ? "--" + (name["name"] as? String ?? "") : nil
            }
        }
    }

    @Test func theTreeHasTheDocumentedCommands() {
        let paths = Set(Self.commands.map { $0.path.joined(separator: " ") })
        for expected in ["service set", "service get", "service ls", "service rm", "authorize",
                         "identity ls", "identity get", "identity token", "identity add", "identity rm", "incidents list"] {
            #expect(paths.contains(expected), "missing command: everyauth \(expected)")
        }
    }

    @Test func everyCommandsHelpParsesAndNamesItsOptions() throws {
        for (path, command) in Self.commands {
            let name = (["everyauth"] + path).joined(separator: " ")
            // `--help` parses to ArgumentParser's own help command (which would print this command's help).
            let parsed = try RootCommand.parseAsRoot(path + ["--help"])
            #expect(type(of: parsed).configuration.commandName == "help", "\(name) --help parsed as \(type(of: parsed))")
            let help = RootCommand.helpMessage(for: command, columns: 200)
            #expect(help.contains("USAGE: \(name)"), "\(name): \(help)")
            let options = try Self.declaredOptions(path)
            // Every command takes at least the common --config-dir and --help.
            #expect(options.contains("--help"), "\(name) declares no --help: \(options)")
            for option in options {
                #expect(help.contains(option), "\(name) --help does not mention \(option)")
            }
        }
    }

    @Test func leafCommandsTakeTheCommonOptions() throws {
        let leaves = Self.commands.filter { $0.type.configuration.subcommands.isEmpty }
        #expect(!leaves.isEmpty)
        for (path, _) in leaves {
            let options = try Self.declaredOptions(path)
            for common in ["--config-dir", "--verbose", "--help"] {
                #expect(options.contains(common), "everyauth \(path.joined(separator: " ")) lacks \(common)")
            }
        }
    }

    @Test func unknownSubcommandIsAUsageErrorNamingIt() {
        for arguments in [["frobnicate"], ["service", "frobnicate"], ["incidents", "frobnicate"]] {
            do {
                let parsed = try RootCommand.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed as \(type(of: parsed))")
            } catch {
                #expect(RootCommand.exitCode(for: error).rawValue == 64, "\(arguments): \(RootCommand.fullMessage(for: error))")
                #expect(RootCommand.fullMessage(for: error).contains("frobnicate"), "\(arguments): \(RootCommand.fullMessage(for: error))")
            }
        }
    }
}
