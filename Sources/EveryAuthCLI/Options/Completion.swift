import ArgumentParser
import EveryAuthCore
import Foundation

/// Dynamic shell completions: they read the store of the config dir on the command line,
/// stay fast, print nothing when anything goes wrong, and offer only inert words (`ShellWord`):
/// stored text never becomes shell code.
enum Completion {
    /// Known service names.
    static let services: CompletionKind = .list(ServiceKind.allCases.map(\.rawValue))

    /// User ids stored in the current config dir.
    static let userIDs: CompletionKind = .custom { words, _, prefix in
        storedValues(words: words) { $0.userId }.filter { $0.hasPrefix(prefix) }
    }

    /// Identity ids stored in the current config dir.
    static let identityIDs: CompletionKind = .custom { words, _, prefix in
        storedValues(words: words) { $0.id }.filter { $0.hasPrefix(prefix) }
    }

    /// `KEY=VALUE` tags stored on identities in the current config dir, for `--tag` selections.
    static let tags: CompletionKind = .custom { words, _, prefix in
        storedValues(words: words) { identity in identity.tags.map { "\($0.key)=\($0.value)" } }.filter { $0.hasPrefix(prefix) }
    }

    private static func storedValues(words: [String], _ value: (Identity) -> String) -> [String] {
        storedValues(words: words) { [value($0)] }
    }

    private static func storedValues(words: [String], _ values: (Identity) -> [String]) -> [String] {
        guard let store = fileStore(words: words), let document = try? store.read() else { return [] }
        // Distinct by bytes (SPEC §3): a look-alike is another identity's value, offered as itself.
        let distinct = Set(document.identities.flatMap(values).map(IdentityKey.init))
        return ShellWord.inert(distinct.sorted().map(\.text))
    }

    /// The store a command on this line would read, when it is the JSON file (`--config-dir`,
    /// `--store` or `$EVERYAUTH_STORE_URL` naming a directory); nil for PostgreSQL.
    static func fileStore(words: [String]) -> FileStore? {
        var explicit: String?
        var storeURL = ProcessInfo.processInfo.environment["EVERYAUTH_STORE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        for (index, word) in words.enumerated() {
            if word == "--config-dir", index + 1 < words.count { explicit = words[index + 1] }
            if word.hasPrefix("--config-dir=") { explicit = String(word.dropFirst("--config-dir=".count)) }
            if word == "--store", index + 1 < words.count { storeURL = words[index + 1] }
            if word.hasPrefix("--store=") { storeURL = String(word.dropFirst("--store=".count)) }
        }
        // A shell waits for completions: stored values come from the JSON file only, never over the network.
        var directory = ConfigDirectory.resolve(explicit: explicit)
        if let storeURL {
            guard case .file(let named)? = try? StoreAddress.parse(storeURL, source: "--store") else { return nil }
            directory = named
        }
        return FileStore(directory: directory)
    }
}
