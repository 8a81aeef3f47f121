import EveryAuthCore
import Foundation

/// Opens the authorization URL: `$BROWSER` (a command; the URL is its argument), else `xdg-open`
/// (`open` on macOS). Starting a browser is a convenience; its failure is reported, never fatal.
public struct BrowserLauncher: Sendable {
    /// The environment to read `BROWSER` and `PATH` from.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Starts the browser on `url` without waiting for it; `failed` receives a one-line reason
    /// when it cannot start or exits unsuccessfully.
    public func open(_ url: String, failed: @escaping @Sendable (String) -> Void) {
        let process = Process()
        let name: String
        if let browser = environment["BROWSER"], !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            // Through the shell so that `BROWSER="firefox --new-window"` works; the URL stays one argument.
            name = browser
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", browser + " \"$1\"", "sh", url]
        } else {
            #if os(macOS)
            name = "open"
            #else
            name = "xdg-open"
            #endif
            guard let path = Self.find(name, in: environment["PATH"] ?? "/usr/bin:/bin") else {
                failed("\(name) was not found; set $BROWSER or open the address above yourself")
                return
            }
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = [url]
        }
        process.environment = environment
        // The browser must not take the lines a user pastes into this terminal.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationReason == .exit, finished.terminationStatus != 0 {
                failed("the browser command '\(name)' exited with status \(finished.terminationStatus); open the address above yourself")
            }
        }
        do {
            try process.run()
        } catch {
            failed("could not start '\(name)' (\(error.localizedDescription)); open the address above yourself")
        }
    }

    /// The first executable called `name` on `path`.
    static func find(_ name: String, in path: String) -> String? {
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
