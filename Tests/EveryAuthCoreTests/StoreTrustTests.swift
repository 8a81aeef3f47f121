@testable import EveryAuthCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SPEC §3 "Trust": symlinks are not followed, and a directory others can change is refused,
/// each with a message that says how to fix it.
@Suite("Store trust")
struct StoreTrustTests {
    func write(_ temp: TempStore) throws {
        try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "x") }
    }

    @Test("a symlinked lock file is refused, and a dangling one does not create its target")
    func symlinkedLockIsRefused() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try FileManager.default.createDirectory(at: temp.directory, withIntermediateDirectories: true)
        chmod(temp.directory.path, 0o700)
        let target = temp.directory.appendingPathComponent("elsewhere")
        #expect(symlink(target.path, temp.store.lockURL.path) == 0)
        #expect(throws: StoreError.untrusted(
            path: temp.store.lockURL.path, problem: "it is a symbolic link, which everyauth does not follow",
            fix: "replace it with the file itself (or remove it: 'rm \(temp.store.lockURL.path)')")) { try write(temp) }
        #expect(!FileManager.default.fileExists(atPath: target.path), "the dangling link's target was created")
        #expect(!FileManager.default.fileExists(atPath: temp.store.fileURL.path))
        // Pointing at an existing file changes nothing: still refused.
        #expect(FileManager.default.createFile(atPath: target.path, contents: Data()))
        #expect(throws: StoreError.self) { try write(temp) }
        // Removing the link, as the message says, lets the command work.
        unlink(temp.store.lockURL.path)
        try write(temp)
    }

    @Test("a symlinked store file is not read")
    func symlinkedStoreIsRefused() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try write(temp)
        let real = temp.directory.appendingPathComponent("real.json")
        #expect(rename(temp.store.fileURL.path, real.path) == 0)
        #expect(symlink(real.path, temp.store.fileURL.path) == 0)
        do {
            _ = try temp.store.read()
            Issue.record("a symlinked store was read")
        } catch let error as StoreError {
            #expect(error.localizedDescription.hasPrefix("refusing to use \(temp.store.fileURL.path): it is a symbolic link"))
            #expect(error.localizedDescription.contains("rm \(temp.store.fileURL.path)"))
        }
    }

    @Test("a config directory that group or others may write is refused, with the chmod that fixes it", arguments: [0o777, 0o770, 0o702])
    func writableDirectoryIsRefused(mode: Int) throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try write(temp)
        chmod(temp.directory.path, mode_t(mode))
        let expected = StoreError.untrusted(path: temp.directory.path,
                                            problem: "group or others may write to it (mode \(String(mode, radix: 8)))",
                                            fix: "run 'chmod go-w \(temp.directory.path)'")
        #expect(throws: expected) { _ = try temp.store.read() }
        #expect(throws: expected) { try write(temp) }
        chmod(temp.directory.path, 0o755)
        #expect(try temp.store.read().services["pagerduty"]?.clientId == "x")
    }

    @Test("a config directory or store file of another user is refused")
    func otherOwnerIsRefused() throws {
        // Changing an owner needs root; as another user there is nothing to arrange, and no test to run.
        guard geteuid() == 0 else { return }
        let temp = TempStore()
        defer { temp.cleanUp() }
        try write(temp)
        #expect(chown(temp.store.fileURL.path, 65534, 65534) == 0)
        #expect(throws: StoreError.untrusted(path: temp.store.fileURL.path, problem: "it belongs to user id 65534, not to you (0)",
                                             fix: "run 'chown 0 \(temp.store.fileURL.path)', or move it away")) { _ = try temp.store.read() }
        #expect(chown(temp.store.fileURL.path, 0, 0) == 0)
        #expect(chown(temp.directory.path, 65534, 65534) == 0)
        #expect(throws: StoreError.untrusted(path: temp.directory.path, problem: "it belongs to user id 65534, not to you (0)",
                                             fix: "run 'chown 0 \(temp.directory.path)' or choose another config directory")) { _ = try temp.store.read() }
    }

    @Test("a store file readable by others is reported, then made private by the next write")
    func looseModeIsWarnedAndFixed() throws {
        let temp = TempStore()
        defer { temp.cleanUp() }
        try write(temp)
        chmod(temp.store.fileURL.path, 0o644)
        #expect(temp.store.permissionWarning()?.contains("mode 644") == true)
        try temp.store.update { $0.services["pagerduty"] = ServiceSettings(clientId: "y") }
        #expect(temp.mode(temp.store.fileURL) == 0o600)
        #expect(temp.store.permissionWarning() == nil)
    }
}
