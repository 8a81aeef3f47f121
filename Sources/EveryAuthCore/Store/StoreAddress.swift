import Foundation

/// Which store a command or the library uses (SPEC §3 "Backends"): `--store URL`, else
/// `$EVERYAUTH_STORE_URL`, else `everyauth.json` in the config directory. Reading one needs no
/// backend; `StoreBackends.open` opens it.
public enum StoreAddress: Sendable, Equatable {
    /// The JSON file in this directory.
    case file(directory: URL)
    /// A PostgreSQL database, as a `postgres://` or `postgresql://` URL; `PGHOST`, `PGPORT`,
    /// `PGUSER`, `PGPASSWORD` and `PGDATABASE` fill what it leaves out.
    case postgres(url: String)

    /// A PostgreSQL store at `url` (the library's spelling: `EveryAuth(store: .postgres("postgres://..."), backends: .all)`).
    public static func postgres(_ url: String) -> StoreAddress { .postgres(url: url) }

    /// Reads a `--store` value or `$EVERYAUTH_STORE_URL` (`source` names it in errors): a
    /// `postgres://` URL, a `file://` URL or a directory path (the JSON file inside it).
    public static func parse(_ text: String, source: String) throws -> StoreAddress {
        guard !text.isEmpty else { throw InvalidInput(.store(source), "the store must not be empty; give postgres://USER@HOST/DB or a directory") }
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") { return .postgres(url: text) }
        if lower.hasPrefix("file://") {
            guard let url = URL(string: text), url.isFileURL, !url.path.isEmpty else {
                throw InvalidInput(.store(source), "'\(text)' is not a file URL; give file:///path/to/dir or the directory itself")
            }
            return .file(directory: URL(fileURLWithPath: url.path, isDirectory: true).standardizedFileURL)
        }
        if let colon = text.range(of: "://") {
            let scheme = text[..<colon.lowerBound]
            throw InvalidInput(.store(source), "stores are postgres:// URLs or directories, not \(scheme)://")
        }
        let expanded = (text as NSString).expandingTildeInPath
        return .file(directory: URL(fileURLWithPath: expanded, isDirectory: true).standardizedFileURL)
    }

    /// The address without its password, for messages: a PostgreSQL URL is rebuilt from its parsed
    /// pieces (never from its text, where a password holding '/' would not be found).
    public var redacted: String {
        switch self {
        case .file(let directory): return directory.appendingPathComponent("everyauth.json").path
        case .postgres(let url): return PostgresURL.location(url)
        }
    }
}
