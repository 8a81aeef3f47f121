import ArgumentParser
import EveryAuthCore
import Foundation
import Synchronization

extension Completion {
    /// Names of services, schedules, escalation policies or teams, for the options and arguments
    /// that take one: from a cache of at most 10 minutes, else asked from PagerDuty with the
    /// credential a command would use, waiting at most 1 s (a shell waits for completions). A name
    /// a shell could not take as one word ("Checkout API") is offered as its id.
    static func names(_ kind: DirectoryKind) -> CompletionKind {
        .custom { words, _, prefix in
            DirectoryNameCache.names(kind, words: words).filter { $0.hasPrefix(prefix) }
        }
    }
}

/// The completion cache: `$XDG_CACHE_HOME/everyauth/names.json` (else `~/.cache/everyauth`), one
/// list per API address and kind with the time it was fetched. It holds names only, never a
/// token; what it offers passes `ShellWord.inert` like every candidate.
enum DirectoryNameCache {
    /// How long fetched names are offered without asking again.
    static let freshFor: TimeInterval = 600
    /// The longest a completion waits for PagerDuty.
    static let networkBudget: TimeInterval = 1

    static func names(_ kind: DirectoryKind, words: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                      now: Date = Date()) -> [String] {
        let variables = environment
        // The store a command on this line would read, when it is the file; PostgreSQL is not asked.
        guard let store = Completion.fileStore(words: words) else { return [] }
        let apiURL = (try? store.read())?.services["pagerduty"].map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl }
            ?? PagerDutyClient.defaultBaseURL
        let file = cacheFile(variables)
        var cache = file.flatMap { try? Data(contentsOf: $0) }.flatMap { JSONValue.parseIfJSON($0) }?.objectValue ?? JSONObject()
        let key = apiURL + " " + kind.collection
        if let entry = cache[key], let fetched = entry["fetchedAt"]?.doubleValue, now.timeIntervalSince1970 - fetched < freshFor, fetched <= now.timeIntervalSince1970 {
            return ShellWord.inert(entry["names"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        guard let fetched = fetch(kind, store: store, environment: variables) else { return [] }
        let offered = fetched.map { ShellWord.isInert($0.name) ? $0.name : $0.id }.sorted()
        cache[key] = .object(["fetchedAt": .number(now.timeIntervalSince1970), "names": .array(offered.map { .string($0) })])
        if let file { write(.object(cache), to: file) }
        return ShellWord.inert(offered)
    }

    /// The objects PagerDuty lists, or nil when no answer came within the budget (or any failure).
    private static func fetch(_ kind: DirectoryKind, store: FileStore, environment: [String: String]) -> [DirectoryEntry]? {
        let result = Mutex<[DirectoryEntry]?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            defer { done.signal() }
            var configuration = HTTPClientConfiguration.fromEnvironment(environment)
            configuration.connectTimeout = networkBudget
            configuration.requestTimeout = networkBudget
            let http = HTTPClient(configuration: configuration).singleAttempt()
            guard let access = try? await PagerDutyAccess.resolve(token: nil, selection: nil, store: store, http: http,
                                                                   environment: EveryAuthEnvironment(environment)),
                  let entries = try? await access.client(http: http).list(kind, max: 500) else { return }
            result.withLock { $0 = entries }
        }
        guard done.wait(timeout: .now() + networkBudget) == .success else {
            task.cancel()
            return nil
        }
        return result.withLock { $0 }
    }

    private static func cacheFile(_ environment: [String: String]) -> URL? {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") {
            return URL(fileURLWithPath: base).appendingPathComponent("everyauth/names.json")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/everyauth/names.json")
    }

    /// Best effort: a directory of the user's (0700), the file replaced whole (0600).
    private static func write(_ value: JSONValue, to file: URL) {
        let directory = file.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory.appendingPathComponent(".names-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(value.serialized(pretty: false).utf8),
                                             attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }
}
