import Foundation
import Testing

/// The man page generator on a made-up command tree that uses what the real one may use later:
/// nested subcommands, repeating options, enumerated values, and text that roff would misread.
@Suite("Docs: man page generator")
struct DocsManPageTests {
    /// A dump in the shape of `--experimental-dump-help` (ToolInfoV0).
    static let dump = #"""
        {"serializationVersion": 0, "command": {
          "commandName": "everyauth", "abstract": "Root tool.", "discussion": "Root discussion.",
          "subcommands": [
            {"commandName": "identity", "superCommands": ["everyauth"], "abstract": "Manage identities.", "defaultSubcommand": "get",
             "subcommands": [
               {"commandName": "get", "superCommands": ["everyauth", "identity"], "shouldDisplay": true,
                "abstract": "Print a credential.",
                "discussion": ".starts with a dot\n'starts with a quote\n\nback\\slash and \"quotes\" \u00d7",
                "arguments": [
                  {"kind": "option", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "long", "name": "config-dir"}], "preferredName": {"kind": "long", "name": "config-dir"},
                   "valueName": "dir", "abstract": "Config dir."},
                  {"kind": "positional", "shouldDisplay": true, "isOptional": false, "isRepeating": false,
                   "valueName": "service", "abstract": "The service.", "completionKind": {"list": {"values": ["pagerduty"]}}},
                  {"kind": "option", "shouldDisplay": true, "isOptional": true, "isRepeating": true,
                   "names": [{"kind": "long", "name": "tag"}], "preferredName": {"kind": "long", "name": "tag"},
                   "valueName": "Ar", "abstract": "A tag."},
                  {"kind": "option", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "long", "name": "output"}, {"kind": "short", "name": "o"}],
                   "preferredName": {"kind": "long", "name": "output"}, "valueName": "format",
                   "defaultValue": "table", "allValues": ["table", "json"], "abstract": "Format."},
                  {"kind": "flag", "shouldDisplay": false, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "long", "name": "hidden"}], "preferredName": {"kind": "long", "name": "hidden"}},
                  {"kind": "flag", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "short", "name": "h"}, {"kind": "long", "name": "help"}],
                   "preferredName": {"kind": "long", "name": "help"}, "abstract": "Show help information."}
                ]},
               {"commandName": "token", "superCommands": ["everyauth", "identity"], "abstract": "Print a token.",
                "arguments": [
                  {"kind": "option", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
                   "names": [{"kind": "long", "name": "config-dir"}], "preferredName": {"kind": "long", "name": "config-dir"},
                   "valueName": "dir", "abstract": "Config dir."}
                ]},
               {"commandName": "help", "superCommands": ["everyauth", "identity"], "abstract": "Show help."}
             ]}
          ]}}
        """#

    /// The page of the made-up tree.
    static func render() throws -> String {
        DocsManPage.render(try JSONDecoder().decode(DocsToolInfo.self, from: Data(dump.utf8)))
    }

    @Test("nested commands get a synopsis line and a subsection with every visible argument")
    func nestedCommands() throws {
        let page = try Self.render()
        #expect(page.contains(".Nm\n.Cm identity get\n.Ar service\n.Op Fl -tag Ar \\&Ar No ...\n.Op Fl -output Ar format\n"))
        #expect(page.contains(".Ss \"everyauth identity get\"\n"))
        #expect(page.contains(".Nm\n.Cm identity token\n.Sh DESCRIPTION\n"))
        // Options every command has are described once, before the commands.
        #expect(page.contains("Options of every command:\n.Bl -tag -width Ds\n.It Fl -config-dir Ar dir\nConfig dir.\n.El\n"))
        let commands = page.components(separatedBy: ".Sh EXIT STATUS").first ?? ""
        #expect(commands.components(separatedBy: "Fl -config-dir").count == 2, "--config-dir repeated per command")
        #expect(page.contains(".It Fl o , Fl -output Ar format\nFormat.\nValues: table, json.\nDefault: table.\n"))
        #expect(page.contains("A tag.\nMay be given more than once.\n"))
        #expect(page.contains(".It Ar service\nThe service.\nValues: pagerduty.\n"))
        #expect(page.contains("Without a subcommand, runs everyauth identity get.\n"))
        #expect(!page.contains("hidden"), "a hidden flag leaked")
        #expect(!page.contains("Fl -help"), "--help is stated once, not per command")
        #expect(!page.contains("Show help."), "the implicit help subcommand is not a page entry")
    }

    @Test("text that roff would misread is escaped")
    func escaping() throws {
        let page = try Self.render()
        #expect(page.contains("\n\\&.starts with a dot\n"))
        #expect(page.contains("\n\\&'starts with a quote\n.Pp\n"))
        #expect(page.contains("back\\eslash and \"quotes\" \\[u00D7]\n"))
        for line in page.split(separator: "\n") where line.hasPrefix(".") || line.hasPrefix("'") {
            let macro = line.dropFirst().prefix { $0 != " " }
            #expect(macro == "\\\"" || macro.first?.isUppercase == true || macro.first == "\\",
                    "a text line became a request: \(line)")
        }
    }

    @Test("the generated page of the made-up tree renders without groff warnings",
          .enabled(if: DocsArtifacts.which("groff") != nil, "groff is not installed"))
    func groffClean() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-docs-\(UUID().uuidString).1")
        try Self.render().write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try #require(try await DocsArtifacts.runTool("groff", ["-ww", "-mandoc", "-z", file.path]))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "groff warnings: \(result.stderr)")
    }
}
