import Foundation
import Testing

/// EveryAuthCore's public API is curated (issue 24 item 4): at most 40 public types, each public
/// declaration documented; everything the package's other targets need is `package`.
@Suite struct PublicAPITests {
    static let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/EveryAuthCore")

    static func sources() throws -> [(path: String, lines: [String])] {
        let files = FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "swift" }.map {
            ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8).components(separatedBy: "\n"))
        }
    }

    static let publicDeclaration = try! NSRegularExpression(pattern: #"^\s*(@[\w.]+(\([^)]*\))?\s+)*public\s"#)
    static let publicType = try! NSRegularExpression(pattern: #"^\s*public\s+(final\s+)?(struct|enum|class|actor|protocol|typealias)\s+(\w+)"#)

    static func matches(_ regex: NSRegularExpression, _ line: String) -> NSTextCheckingResult? {
        regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
    }

    @Test func atMostFortyPublicTypes() throws {
        var types: [String] = []
        for (_, lines) in try Self.sources() {
            for line in lines {
                if let match = Self.matches(Self.publicType, line), let range = Range(match.range(at: 3), in: line) {
                    types.append(String(line[range]))
                }
            }
        }
        #expect(types.count >= 20, "the scan found the public types")
        #expect(types.count <= 40, "\(types.count) public types: \(types.sorted())")
        #expect(types.contains("EveryAuth") && types.contains("Store"))
    }

    @Test func everyPublicDeclarationIsDocumented() throws {
        var undocumented: [String] = []
        var seen = 0
        for (path, lines) in try Self.sources() {
            for (index, line) in lines.enumerated() where Self.matches(Self.publicDeclaration, line) != nil {
                seen += 1
                // Witnesses of standard protocols (`description`, `errorDescription`) are documented there.
                if line.contains("var description") || line.contains("var errorDescription") || line.contains("func hash(into") { continue }
                var above = index - 1
                while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
                if above < 0 || !lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    undocumented.append("\(path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(seen > 100, "the scan found the public declarations")
        #expect(undocumented.isEmpty, "\(undocumented.joined(separator: "\n"))")
    }
}
