import Foundation
import Testing
@testable import EveryAuthCore
import EveryAuthTestSupport
#if canImport(Glibc)
import Glibc
import Synchronization
#endif

/// A fresh config directory under the temp dir, removed by `cleanUp()`.
struct TempStore {
    let directory: URL
    let store: FileStore

    init(lockTimeout: TimeInterval = 15, nested: Bool = false) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-store-\(UUID().uuidString)")
        directory = nested ? root.appendingPathComponent("a/b/everyauth", isDirectory: true) : root
        store = FileStore(directory: directory, lockTimeout: lockTimeout)
        rootURL = root
    }

    private let rootURL: URL

    func cleanUp() { try? FileManager.default.removeItem(at: rootURL) }

    func mode(_ url: URL) -> Int {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }

    func files() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.sorted() ?? []
    }
}

@Suite struct StoreTests {
    /// Whole seconds: the store writes times without fractions.
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func missingFileReadsAsEmptyStore() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        #expect(try temp.store.read() == StoreDocument())
        #expect(!FileManager.default.fileExists(atPath: temp.directory.path))
    }

    @Test func roundTripKeepsEveryField() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let credential = try Credential(
            tokenResponse: ["access_token": .string("pdus+_a"), "refresh_token": .string("pdus+_r"),
                            "expires_in": .number(3600), "scope": .string("read write"), "extra": .array([.bool(true), .null])],
            receivedAt: now)
        let identity = Identity(service: "pagerduty", userId: "alice", tags: ["team": "web"], createdAt: now,
                                status: .refreshError, kind: .oauth, credential: credential)
        let settings = ServiceSettings(scope: "read", clientId: "cid", clientSecret: "sec", region: .eu,
                                       authorizationUrl: "https://a.example/auth", tokenUrl: "http://127.0.0.1:9/t",
                                       apiUrl: "https://api.example", redirectPort: 8123)
        try temp.store.update { document in
            document.services["pagerduty"] = settings
            document.identities.append(identity)
        }
        let read = try temp.store.read()
        #expect(read == StoreDocument(services: ["pagerduty": settings], identities: [identity]))
        let json = try JSONValue.parse(Data(contentsOf: temp.store.fileURL))
        #expect(json["version"] == .number(1))
        #expect(json["identities"]?.arrayValue?.first?["credential"]?["refresh_token"] == .string("pdus+_r"))
        #expect(json["identities"]?.arrayValue?.first?["status"] == .string("refresh_error"))
    }

    @Test func updateThatThrowsWritesNothing() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try temp.store.update { document in
                document.services["pagerduty"] = ServiceSettings(clientId: "x")
                throw Stop()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: temp.store.fileURL.path))
    }

    @Test func corruptFileIsRefusedAndLeftByteForByte() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let cases: [(String, String)] = [
            ("{\"version\": 1, \"services\": {", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{\"services\": {}}", "no \"version\" field"),
            ("{\"version\": \"1\"}", "\"version\" is not a whole number"),
            ("{\"version\": 1, \"services\": {}, \"identities\": [{\"id\": 3}]}", "identities[0]"),
            ("", "the file is empty"),
        ]
        try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
        for (text, reason) in cases {
            let bytes = Data(text.utf8)
            try bytes.write(to: temp.store.fileURL)
            for attempt in 0..<2 {
                do {
                    if attempt == 0 {
                        _ = try temp.store.read()
                    } else {
                        try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
                    }
                    Issue.record("\(text) was accepted")
                } catch let error as StoreError {
                    guard case .corrupt(let path, let message) = error else {
                        Issue.record("unexpected \(error)")
                        continue
                    }
                    #expect(path == temp.store.fileURL.path)
                    #expect(message.contains(reason), "\(message)")
                    #expect(error.localizedDescription.contains(temp.store.fileURL.path))
                }
            }
            #expect(try Data(contentsOf: temp.store.fileURL) == bytes)
        }
    }

    @Test func futureVersionIsRefusedAndLeftByteForByte() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
        let bytes = Data("{\"version\": 2, \"services\": {}, \"identities\": [], \"vaults\": []}\n".utf8)
        try bytes.write(to: temp.store.fileURL)
        #expect(throws: StoreError.unsupportedVersion(path: temp.store.fileURL.path, version: 2)) {
            try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
        }
        #expect(throws: StoreError.unsupportedVersion(path: temp.store.fileURL.path, version: 2)) {
            _ = try temp.store.read()
        }
        #expect(try Data(contentsOf: temp.store.fileURL) == bytes)
    }

    @Test func lockHeldTooLongTimesOut() async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let holder = temp.store
        Thread.detachNewThread {
            try? holder.update { _ in
                entered.signal()
                release.wait()
            }
            done.signal()
        }
        try await blocking { entered.wait() }
        let impatient = FileStore(directory: temp.directory, lockTimeout: 0.2)
        #expect(throws: StoreError.lockTimeout(path: temp.store.lockURL.path, seconds: 0.2)) {
            try impatient.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
        }
        release.signal()
        try await blocking { done.wait() }
        try impatient.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
        #expect(try temp.store.read().services["pagerduty"]?.clientId == "x")
    }

    @Test func concurrentThreadsLoseNoUpdateAndReadersAlwaysSeeAWholeFile() async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let threads = 8
        let updatesEach = 25
        let directory = temp.directory
        let failures = FailureLog()
        let writersDone = AtomicFlag()
        // A reader that keeps parsing the file while the writers rename over it.
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let reader = FileStore(directory: directory)
            var reads = 0
            while !writersDone.isSet || reads == 0 {
                do { _ = try reader.read() } catch { failures.add("read: \(error)") }
                reads += 1
            }
            readerDone.signal()
        }
        // The writers and the reader run on threads of their own, never on the concurrency pool.
        try await blocking {
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                // One store object per thread, as separate processes would have.
                let store = FileStore(directory: directory)
                for update in 0..<updatesEach {
                    do {
                        try store.update { document in
                            var settings = document.services["pagerduty"] ?? ServiceSettings()
                            settings.redirectPort = (settings.redirectPort ?? 0) + 1
                            document.services["pagerduty"] = settings
                            document.upsertIdentity(service: .pagerduty, userId: "t\(thread)", kind: .apiKey,
                                                    credential: .apiKey("k\(update)"))
                        }
                    } catch {
                        failures.add("update: \(error)")
                    }
                }
            }
            writersDone.set()
            readerDone.wait()
        }
        #expect(failures.all.isEmpty)
        let document = try temp.store.read()
        #expect(document.services["pagerduty"]?.redirectPort == threads * updatesEach)
        #expect(document.identities.count == threads)
        #expect(Set(document.identities.map(\.credential.accessToken)) == ["k\(updatesEach - 1)"])
        #expect(temp.files() == ["everyauth.json", "everyauth.lock"])
    }

    /// The built `everyauth`, beside this test bundle.
    static let binary = BuiltProducts.executable("everyauth").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: StoreTests.binary) && FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func processesAndThreadsShareTheLock() async throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        let processes = 12
        let script = """
            for i in $(seq 1 \(processes)); do
              ( "$0" identity add pagerduty --user-id "p$i" --token "k$i" 2>/dev/null || echo "failed $i" ) &
            done
            wait
            """
        let shell = try BackgroundProcess("/bin/bash", ["-c", script, StoreTests.binary],
                                          environment: ["EVERYAUTH_CONFIG_DIR": temp.directory.path, "PATH": "/usr/bin:/bin"])
        shell.closeStdin()
        let directory = temp.directory
        let failures = FailureLog()
        try await blocking {
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let store = FileStore(directory: directory)
                for _ in 0..<25 {
                    do {
                        try store.update { document in
                            var settings = document.services["pagerduty"] ?? ServiceSettings()
                            settings.redirectPort = (settings.redirectPort ?? 0) + 1
                            document.services["pagerduty"] = settings
                        }
                    } catch {
                        failures.add("\(error)")
                    }
                }
            }
        }
        let result = await shell.waitAsync(timeout: 60)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)")
        #expect(failures.all.isEmpty)
        let document = try temp.store.read()
        #expect(document.services["pagerduty"]?.redirectPort == 100)
        #expect(Set(document.identities.map(\.userId)) == Set((1...processes).map { "p\($0)" }))
    }

    @Test func upsertKeepsIdAndMergesTags() throws {
        var document = StoreDocument()
        let first = document.upsertIdentity(service: .pagerduty, userId: "u", kind: .oauth,
                                            credential: .apiKey("a"), tags: ["team": "web", "env": "dev"], now: now)
        document.identities[0].status = .refreshError
        let later = now.addingTimeInterval(60)
        let second = document.upsertIdentity(service: .pagerduty, userId: "u", kind: .apiKey,
                                             credential: .apiKey("b"), tags: ["env": "prod"], now: later)
        #expect(document.identities.count == 1)
        #expect(second.id == first.id)
        #expect(second.tags == ["team": "web", "env": "prod"])
        #expect(second.createdAt == now && second.updatedAt == later)
        #expect(second.status == .authorized && second.kind == .apiKey && second.credential.accessToken == "b")
        document.upsertIdentity(service: .pagerduty, userId: "v", kind: .apiKey, credential: .apiKey("c"))
        #expect(document.identities.count == 2)
        let removed = try document.removeIdentity(IdentitySelector(service: .pagerduty, id: first.id))
        #expect(removed.userId == "u" && document.identities.map(\.userId) == ["v"])
        #expect(throws: LookupError.identityNotFound(service: "pagerduty", userId: "u", id: nil)) {
            try document.removeIdentity(IdentitySelector(service: .pagerduty, userId: "u"))
        }
    }

    @Test func filterAndTags() throws {
        let make = { (user: String, tags: IdentityTags) in
            Identity(service: "pagerduty", userId: user, tags: tags, kind: .apiKey, credential: .apiKey("k"))
        }
        let all = [make("b", ["team": "web"]), make("a", ["team": "web", "env": "prod"]), make("c", [:])]
        #expect(IdentityFilter().apply(to: all).map(\.userId) == ["a", "b", "c"])
        #expect(IdentityFilter(tags: ["team": "web"]).apply(to: all).map(\.userId) == ["a", "b"])
        #expect(IdentityFilter(userId: "b", tags: ["team": "web"]).apply(to: all).map(\.userId) == ["b"])
        #expect(IdentityFilter(service: .pagerduty, tags: ["env": "dev"]).apply(to: all).isEmpty)
        #expect(try IdentityTags.parse(["a=1", "b=x=y", "c="]) == ["a": "1", "b": "x=y", "c": ""])
        #expect(throws: InvalidTag(text: "novalue")) { try IdentityTags.parse(["novalue"]) }
        #expect(throws: InvalidTag(text: "=v")) { try IdentityTags.parse(["=v"]) }
        #expect(IdentityTags(["b": "2", "a": "1"]).description == "a=1,b=2")
    }
}

/// umask is process-wide, so this suite runs alone among its own tests and keeps the window short.
@Suite(.serialized) struct StorePermissionTests {
    @Test func createdWithPrivateModesEvenUnderUmaskZero() throws {
        let temp = TempStore(nested: true)
        defer { temp.cleanUp() }
        let old = umask(0)
        let result = Result { try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") } }
        umask(old)
        try result.get()
        #expect(temp.mode(temp.directory) == 0o700)
        #expect(temp.mode(temp.directory.deletingLastPathComponent()) == 0o700)
        #expect(temp.mode(temp.store.fileURL) == 0o600)
        #expect(temp.mode(temp.store.lockURL) == 0o600)
        #expect(temp.store.permissionWarning() == nil)
    }

    @Test func rewriteRestoresPrivateModeAndWarningNamesTheFile() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
        chmod(temp.store.fileURL.path, 0o644)
        let warning = try #require(temp.store.permissionWarning())
        #expect(warning.contains(temp.store.fileURL.path) && warning.contains("644") && warning.contains("chmod 600"))
        try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "y") }
        #expect(temp.mode(temp.store.fileURL) == 0o600)
    }
}

/// Thread-safe collection of failure messages from worker threads.
final class FailureLog: Sendable {
    private let messages = Mutex<[String]>([])
    func add(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
}

/// A flag one thread sets and others poll.
final class AtomicFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
