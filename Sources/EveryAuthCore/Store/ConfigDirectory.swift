import Foundation

/// Where the store lives: `--config-dir`, else `$EVERYAUTH_CONFIG_DIR`, else
/// `$XDG_CONFIG_HOME/everyauth`, else `~/.config/everyauth`.
package enum ConfigDirectory {
    /// Resolves the directory; `explicit` is the `--config-dir` value.
    package static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit, !explicit.isEmpty { return url(explicit) }
        if let value = environment["EVERYAUTH_CONFIG_DIR"], !value.isEmpty { return url(value) }
        if let value = environment["XDG_CONFIG_HOME"], !value.isEmpty {
            return url(value).appendingPathComponent("everyauth", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return url(home).appendingPathComponent(".config", isDirectory: true).appendingPathComponent("everyauth", isDirectory: true)
    }

    private static func url(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded, isDirectory: true).standardizedFileURL
    }
}
