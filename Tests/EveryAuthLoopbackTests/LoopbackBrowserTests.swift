@testable import EveryAuthLoopback
import Foundation
import Testing

/// `$BROWSER` by its convention: a colon-separated list tried in turn, `%s` for the URL, else appended.
@Suite("Loopback: $BROWSER")
struct LoopbackBrowserTests {
    /// A directory with `fail.sh` (exits 3) and `record.sh` (writes its arguments, one a line, to `args`).
    struct Scripts {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-browser-\(UUID().uuidString)")
        var args: URL { directory.appendingPathComponent("args") }

        init() throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try write("fail.sh", "#!/bin/sh\nexit 3\n")
            try write("record.sh", "#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(directory.path)/args'\n")
        }

        private func write(_ name: String, _ text: String) throws {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            chmod(url.path, 0o755)
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func recorded() throws -> [String] {
            String(decoding: try Data(contentsOf: args), as: UTF8.self).split(separator: "\n").map(String.init)
        }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Opens `url` with `browser` as `$BROWSER`; "opened: COMMAND" or "failed: REASON".
    func open(_ url: String, browser: String) async -> String {
        let launcher = BrowserLauncher(environment: ["BROWSER": browser, "PATH": "/usr/bin:/bin"])
        return await withCheckedContinuation { continuation in
            launcher.open(url, failed: { continuation.resume(returning: "failed: \($0)") },
                          opened: { continuation.resume(returning: "opened: \($0)") })
        }
    }

    static let url = "http://127.0.0.1:8123/authorize?client_id=a&state=b;c d$HOME'"

    @Test("commands are tried in turn; %s becomes the URL as one argument")
    func listIsTriedInTurn() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanUp() }
        let second = "\(scripts.path("record.sh")) --new-window %s --x"
        let outcome = await open(Self.url, browser: "\(scripts.path("missing-browser")) %s:\(scripts.path("fail.sh")):\(second)")
        #expect(outcome == "opened: \(second)")
        #expect(try scripts.recorded() == ["--new-window", Self.url, "--x"])
    }

    @Test("without %s the URL is appended; %% is a percent sign; a quoted '%s' stays one argument")
    func substitution() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanUp() }
        #expect(await open(Self.url, browser: scripts.path("record.sh")) == "opened: \(scripts.path("record.sh"))")
        #expect(try scripts.recorded() == [Self.url])
        _ = await open(Self.url, browser: "\(scripts.path("record.sh")) 100%% '%s'")
        #expect(try scripts.recorded() == ["100%", Self.url])
        #expect(BrowserLauncher.script("firefox \"%s\"") == "firefox \"$1\"")
        #expect(BrowserLauncher.commands("a::b %s: ") == ["a", "b %s"])
    }

    @Test("when every command fails, the reason names each and the flow is told")
    func allFail() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanUp() }
        let outcome = await open(Self.url, browser: "\(scripts.path("fail.sh")):\(scripts.path("fail.sh")) %s")
        #expect(outcome.hasPrefix("failed: no $BROWSER command could open the address ("))
        #expect(outcome.contains("'\(scripts.path("fail.sh"))' exited with status 3; '\(scripts.path("fail.sh")) %s' exited with status 3"))
        #expect(!FileManager.default.fileExists(atPath: scripts.args.path))
    }
}
