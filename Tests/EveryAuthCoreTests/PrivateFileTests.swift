@testable import EveryAuthCore
import Foundation
import Testing

/// The one rule for a secret given by path (the store's key file, a webhook secret): ssh's, checked
/// through the descriptor of what is read; a symbolic link is followed (Kubernetes mounts secrets
/// so) and its target must pass.
@Suite struct PrivateFileTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func file(_ directory: URL, _ text: String, mode: Int) throws -> String {
        let path = directory.appendingPathComponent(UUID().uuidString).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, mode_t(mode)) == 0)
        return path
    }

    @Test func theUsersOwnFileIsReadAndAnythingLooserIsRefused() throws {
        let root = try directory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try PrivateFile.read(try file(root, "s3cret", mode: 0o600), maxBytes: 64) == Array("s3cret".utf8))
        #expect(try PrivateFile.read(try file(root, "s3cret", mode: 0o400), maxBytes: 64) == Array("s3cret".utf8))
        for mode in [0o640, 0o604, 0o620, 0o644] {
            #expect(throws: PrivateFile.Problem.open(mode: UInt32(mode))) { _ = try PrivateFile.read(try file(root, "x", mode: mode), maxBytes: 64) }
        }
        #expect(throws: PrivateFile.Problem.notRegular) { _ = try PrivateFile.read(root.path, maxBytes: 64) }
        #expect(throws: PrivateFile.Problem.missing) { _ = try PrivateFile.read(root.appendingPathComponent("none").path, maxBytes: 64) }
        #expect(throws: PrivateFile.Problem.tooLarge(limit: 4)) { _ = try PrivateFile.read(try file(root, "12345", mode: 0o600), maxBytes: 4) }
        let problem = PrivateFile.Problem.open(mode: 0o644)
        #expect(problem.text("/k") == "'/k': the file may be read or written by group or others (mode 644); run 'chmod 600 /k'")
    }

    @Test func aLinkIsFollowedAndItsTargetMustPass() throws {
        let root = try directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = root.appendingPathComponent("good-link").path
        try FileManager.default.createSymbolicLink(atPath: good, withDestinationPath: try file(root, "k1:abc", mode: 0o600))
        #expect(try PrivateFile.read(good, maxBytes: 64) == Array("k1:abc".utf8))
        let loose = root.appendingPathComponent("loose-link").path
        try FileManager.default.createSymbolicLink(atPath: loose, withDestinationPath: try file(root, "k1:abc", mode: 0o644))
        #expect(throws: PrivateFile.Problem.open(mode: 0o644)) { _ = try PrivateFile.read(loose, maxBytes: 64) }
    }
}
