import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The test's stand-in for a user's browser: `curl`, which follows the authorization server's
/// redirect to the loopback callback as a browser would.
public struct FakeBrowser: Sendable {
    /// Temp dir holding the script and what the "browser" ended on (one per browser).
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            exec curl -sS -L --noproxy '*' --max-time 20 -o '\(directory.path)/page.html' -w '%{url_effective}' "$1" > '\(directory.path)/final-url'
            """
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        chmod(scriptURL.path, 0o755)
    }

    /// The program to put in `$BROWSER`.
    public var scriptURL: URL { directory.appendingPathComponent("browser.sh") }

    /// The last page the browser showed.
    public var page: String { (try? String(contentsOf: directory.appendingPathComponent("page.html"), encoding: .utf8)) ?? "" }

    /// The address the browser ended on.
    public var finalURL: String { (try? String(contentsOf: directory.appendingPathComponent("final-url"), encoding: .utf8)) ?? "" }

    /// Runs curl on `url` now (for tests that drive the flow themselves); returns the status code
    /// (0 when nothing answered) and the redirect target when not following.
    public static func fetch(_ url: String, follow: Bool = true, headers: [String] = []) async throws -> (status: Int, location: String) {
        parse(try await ChildProcess.runAsync("/usr/bin/env", curlArguments(url, follow: follow, headers: headers),
                                              environment: ProcessInfo.processInfo.environment, timeout: 30))
    }

    /// `fetch` blocking the calling thread; kept for synchronous callers (prefer `fetch`).
    public static func get(_ url: String, follow: Bool = true, headers: [String] = []) throws -> (status: Int, location: String) {
        parse(try ChildProcess.run("/usr/bin/env", curlArguments(url, follow: follow, headers: headers),
                                   environment: ProcessInfo.processInfo.environment, stdin: nil, timeout: 30))
    }

    private static func curlArguments(_ url: String, follow: Bool, headers: [String]) -> [String] {
        var arguments = ["curl", "-sS", "--noproxy", "*", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}"]
        if follow { arguments.append("-L") }
        for header in headers { arguments += ["-H", header] }
        arguments.append(url)
        return arguments
    }

    private static func parse(_ result: CLIResult) -> (status: Int, location: String) {
        let parts = result.stdout.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        return (Int(parts.first ?? "") ?? -1, parts.count > 1 ? String(parts[1]) : "")
    }

    /// Removes the temp dir.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}
