@testable import EveryAuthCore
import Foundation
import Testing

/// Incidents written straight from the page's bytes (`JSONArrayBytes.writeElements`) come out byte
/// for byte as the parsed tree's serialization did, and a page is refused exactly where the tree
/// reader refuses it.
@Suite struct JSONArrayBytesTests {
    /// What json/ndjson printed before: each element parsed into a tree and serialized.
    private func viaTree(_ array: String, pretty: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        for element in try #require(JSONValue.parse(Data(array.utf8)).arrayValue) {
            element.write(into: &out, pretty: pretty, indent: pretty ? "  " : "")
            out.append(0x0A)
        }
        return out
    }

    /// The same elements written from their bytes.
    private func viaBytes(_ array: String, pretty: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        try JSONArrayBytes(array: Data(array.utf8))
            .writeElements(into: &out, pretty: pretty, indent: pretty ? "  " : "", after: { $0.append(0x0A) })
        return out
    }

    private func expectSame(_ array: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for pretty in [false, true] {
            let tree = try viaTree(array, pretty: pretty)
            let bytes = try viaBytes(array, pretty: pretty)
            #expect(bytes == tree, "pretty \(pretty): \(String(decoding: bytes, as: UTF8.self)) vs \(String(decoding: tree, as: UTF8.self))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        // Names out of byte order, nested, repeated (the last value wins), and names with escapes.
        #"[{"z":1,"a":{"y":[],"b":{}},"m":null}]"#,
        #"[{"a":1,"b":2,"a":3},{"k":"first","k":"second","j":0}]"#,
        #"[{"\u0062":1,"a":2,"b\"c":3,"b":4,"\u00e9":5,"e\u0301":6,"é":7}]"#,
        // Hostile numbers keep their literal text.
        #"[{"n":[1e400,-1e400,123456789012345678901234567890,-0,0.0000001,1E+2,9007199254740993,-1.5e-7]}]"#,
        // Escapes: the serializer's minimal escaping, control characters kept escaped, U+2028/9 and
        // surrogate pairs as UTF-8, `\/` as `/`.
        #"[{"t":"a\"b\\c\/d\n\r\t\b\f\u0000\u001b[2J\u007f\u0085\u2028\u2029\ud83d\ude00\u00e9 é"}]"#,
        #"["plain","","\u0041",true,false,null,0,[],{},[[]],[{}],{"":""}]"#,
        // Whitespace everywhere.
        " [ { \"b\" : [ 1 , 2 , { } ] ,\n\t\"a\" : \"x\" } , [ ] , { } ] ",
        "[]",
    ])
    func bytesWriteWhatTheTreeWrote(_ array: String) throws {
        try expectSame(array)
    }

    @Test func anIncidentAsTheFakeSendsItIsCopiedAsTheTreeWroteIt() throws {
        let incident = #"{"id":"Q1","type":"incident","summary":"[#1] Deploy failed\nrollback \"now\"","incident_number":1,"#
            + #""created_at":"2026-01-01T00:00:00Z","status":"triggered","title":"Queue depth\tspike","#
            + #""service":{"id":"PSVC001","type":"service_reference","summary":"Payments, EU"},"#
            + #""assignments":[{"at":"2026-01-01T00:00:00Z","assignee":{"id":"PUSR004","summary":"Dana \"DJ\" Jones"}}],"#
            + #""urgency":"high","resolved_at":null}"#
        try expectSame("[" + incident + "," + incident + "]")
    }

    /// Random documents (names shuffled and repeated, escapes, numbers, whitespace) from a fixed
    /// seed, so a failure reproduces.
    @Test func randomDocumentsAgree() throws {
        var random = SplitMix(seed: 14)
        for _ in 0..<300 {
            var text = "["
            for index in 0..<Int(random.next() % 4) {
                if index > 0 { text += "," }
                text += RandomJSON.document(&random, members: 6)
            }
            try expectSame(text + "]")
        }
    }

    @Test func pagesAreRefusedWhereTheTreeReaderRefusesThem() throws {
        let bodies = [
            #"{"incidents":[{"a":1,}],"more":false}"#, #"{"incidents":[{"a":"x\u12"}]}"#, "{\"incidents\":[\"a\nb\"]}",
            #"{"incidents":[1e]}"#, #"{"incidents":[01]}"#, #"{"incidents":[tru]}"#, #"{"incidents":[],"more":fals}"#,
            #"{"incidents":[]} x"#, #"{"incidents":[{"a":1}]"#, #"{"incidents":[],"x":[1,]}"#,
            "{\"incidents\":[" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "]}",
        ]
        for body in bodies {
            #expect(throws: JSONSyntaxError.self, "\(body)") { try JSONValue.parse(Data(body.utf8)) }
            #expect(throws: PagerDutyError.self, "\(body)") { try PagerDutyClient.incidentPage(Data(body.utf8)) }
        }
        #expect(throws: PagerDutyError.self) { try PagerDutyClient.incidentPage(Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])) }
        // Valid JSON without an incidents array (or whose last `incidents` is not one) is malformed too.
        for body in [#"{"more":false}"#, #"{"incidents":{}}"#, #"{"incidents":[],"incidents":1}"#, "[]", "1"] {
            #expect(throws: PagerDutyError.self, "\(body)") { try PagerDutyClient.incidentPage(Data(body.utf8)) }
        }
    }

    @Test func aPageKeepsCountsAndTheLastOfRepeatedMembers() throws {
        let body = #"{"incidents":[{"id":"A"}],"more":false,"offset":0,"total":5,"incidents":[{"id":"B"},{"id":"C"}],"more":true}"#
        let page = try PagerDutyClient.incidentPage(Data(body.utf8))
        #expect(page.elements.count == 2 && page.more && page.total == 5)
        #expect(page.incidents.map { $0["id"]?.stringValue } == ["B", "C"])
        #expect(page.elements.prefix(1).values == [JSONValue.object(["id": .string("B")])])
        #expect(throws: PagerDutyError.self) { try PagerDutyClient.incidentPage(Data(#"{"incidents":[],"total":1e400}"#.utf8)) }
    }

    /// A ndjson line never holds a raw control byte: escaped text stays escaped.
    @Test func compactOutputHasNoRawControlBytes() throws {
        let out = try viaBytes(#"[{"t":"\u0000\u0007\u001b]0;x\u0007\n\r\t\u001f"},{"u":"\u000b"}]"#, pretty: false)
        #expect(out.filter { $0 < 0x20 } == [0x0A, 0x0A])
    }
}
