import Foundation
import Testing

/// The committed completions/ and man/ match what the current parser generates; with
/// `EVERYAUTH_UPDATE_DOCS=1` (scripts/generate-docs) the same code writes them instead.
@Suite("Docs: committed completions and man page are current")
struct DocsTests {
    @Test("completions/ and man/everyauth.1 match the parser, or are rewritten in update mode")
    func committedFilesAreCurrent() throws {
        let generated = try DocsArtifacts.generate()
        for path in generated.keys.sorted() {
            let url = DocsArtifacts.packageRoot.appendingPathComponent(path)
            let content = generated[path] ?? ""
            if DocsArtifacts.updating {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try content.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            if committed != content {
                // A message, not #expect(==): the whole files would drown the one line that matters.
                Issue.record("""
                    \(path) is stale: run scripts/generate-docs and commit the result \
                    (\(DocsArtifacts.firstDifference(committed: committed, generated: content)))
                    """)
            }
        }
    }

    @Test("the man page renders without groff warnings")
    func manPageRendersCleanly() async throws {
        let page = DocsManPage.render(try DocsArtifacts.toolInfo())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-docs-\(UUID().uuidString).1")
        try page.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        guard let result = try await DocsArtifacts.runTool("groff", ["-ww", "-mandoc", "-z", file.path]) else {
            // groff is optional on developer machines; .ci/run installs groff-base so CI always checks.
            return
        }
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "groff warnings: \(result.stderr)")
    }

    @Test("the man page covers every command and the fixed sections")
    func manPageCoversEverything() throws {
        let tool = try DocsArtifacts.toolInfo()
        let page = DocsManPage.render(tool)
        for command in DocsManPage.descendants(of: tool.command) {
            let heading = ".Ss " + DocsMdoc.argument(command.fullName.joined(separator: " "))
            #expect(page.contains(heading + "\n"), "no subsection for \(command.fullName.joined(separator: " "))")
            for argument in command.visibleArguments {
                if let name = argument.preferredName, argument.kind != "positional" {
                    #expect(page.contains("Fl " + DocsMdoc.argument(String(name.spelled.dropFirst()))),
                            "\(command.commandName): \(name.spelled) missing")
                }
            }
        }
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
            #expect(page.contains(".Sh \(section)\n"), "section \(section) missing")
        }
        for variable in ["EVERYAUTH_CONFIG_DIR", "XDG_CONFIG_HOME", "EVERYAUTH_USER_ID", "PAGERDUTY_TOKEN",
                         "EVERYAUTH_CA_BUNDLE", "EVERYAUTH_LIBCURL", "BROWSER", "NO_COLOR", "https_proxy", "ALL_PROXY"] {
            #expect(page.contains("Ev \(variable)"), "environment variable \(variable) missing")
        }
        for code in ["0", "1", "2", "3", "4", "5", "64"] {
            #expect(page.contains(".It \(code)\n"), "exit code \(code) missing")
        }
    }
}
