import Foundation
import Testing

/// The core's folders depend one way (issue 24 item 2): a type declared in a folder is named only
/// by its own folder and the folders after it in `order`, so Store never knows OAuth and HTTP never
/// knows Services. A reference is a type's name as a whole word outside comments.
@Suite struct CoreLayoutTests {
    static let order = ["Bytes", "Support", "JSON", "HTTP", "Services", "Store", "Events", "OAuth", "PagerDuty", "Environment"]
    static let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/EveryAuthCore")
    static let declaration = try! NSRegularExpression(
        pattern: #"^\s*(?:public |package |private |fileprivate )?(?:final )?(?:struct|enum|class|actor|protocol) (\w+)"#,
        options: .anchorsMatchLines)

    /// Each folder's files, comments removed.
    static func files(in folder: String) throws -> [(name: String, text: String)] {
        let directory = core.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted().map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return (name, text.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression))
        }
    }

    @Test func foldersDependOneWay() throws {
        let top = try FileManager.default.contentsOfDirectory(atPath: Self.core.path)
            .filter { !$0.hasSuffix(".swift") && !$0.hasSuffix(".docc") }.sorted()
        #expect(top == Self.order.sorted(), "every folder of the core has its place in the order")
        var declaredIn: [String: String] = [:]
        for folder in Self.order {
            for file in try Self.files(in: folder) {
                let range = NSRange(file.text.startIndex..., in: file.text)
                for match in Self.declaration.matches(in: file.text, range: range) {
                    if let name = Range(match.range(at: 1), in: file.text), declaredIn[String(file.text[name])] == nil {
                        declaredIn[String(file.text[name])] = folder
                    }
                }
            }
        }
        #expect(declaredIn.count > 100, "the scan found the core's types")
        var backwards: [String] = []
        for (index, folder) in Self.order.enumerated() {
            let later = Set(Self.order[(index + 1)...])
            for file in try Self.files(in: folder) {
                for (type, home) in declaredIn where later.contains(home)
                    && file.text.range(of: #"\b\#(type)\b"#, options: .regularExpression) != nil {
                    backwards.append("\(folder)/\(file.name) names \(type) of \(home)/")
                }
            }
        }
        #expect(backwards.isEmpty, "\(backwards.sorted().joined(separator: "\n"))")
    }
}
