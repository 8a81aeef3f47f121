import Foundation
import Testing

/// Replays the committed seed corpus of every fuzz target (Fuzz/corpus/TARGET) through the same
/// oracles the fuzzer runs (Fuzz/Checks, linked into this target as FuzzChecks), so that `swift test`
/// fails on a seed the fuzzer would trap on, and a new target cannot be added without its checks.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus", isDirectory: true)

    /// The oracle of each target, by corpus folder name.
    static let checks: [String: @Sendable (Data) -> String?] = [
        "json": JSONFuzzCheck.failure,
        "store": StoreFuzzCheck.failure,
        "callback": CallbackFuzzCheck.failure,
    ]

    @Test func everyTargetHasItsChecks() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(targets == Self.checks.keys.sorted())
    }

    @Test(arguments: ["json", "store", "callback"])
    func seedsPass(_ target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 4, "the \(target) corpus is nearly empty")
        let check = try #require(Self.checks[target])
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(check(data) == nil, "\(target)/\(name): \(check(data) ?? "")")
        }
    }
}
