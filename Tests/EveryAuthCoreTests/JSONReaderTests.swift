@testable import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// The one reader of untrusted JSON agrees with Foundation's decoding and rejects what is not JSON.
@Suite struct JSONReaderTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test func scalarsAndNesting() throws {
        #expect(try parse(" null ") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("-12") == .number(-12))
        #expect(try parse("0") == .number(0))
        #expect(try parse("3.25e2").doubleValue == 325)
        #expect(try parse("1E-2").doubleValue == 0.01)
        #expect(try parse("0.1").doubleValue == 0.1)
        #expect(try parse("12345678901234567890").doubleValue == Double("12345678901234567890"))
        #expect(try parse(#"{"a":[1,{"b":null},[]],"c":{},"d":" x "}"#) == .object([
            "a": .array([.number(1), .object(["b": .null]), .array([])]), "c": .object([:]), "d": .string(" x "),
        ]))
        #expect(try parse("\n[ 1 ,\t2\r]\n") == .array([.number(1), .number(2)]))
    }

    @Test func stringEscapesAndUnicode() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u0041\u20AC""#) == .string("éA€"))
        #expect(try parse(#""\ud83d\ude00 smile""#) == .string("😀 smile"))
        #expect(try parse(#""héllo 😀 日本""#) == .string("héllo 😀 日本"))
        #expect(try parse(#"{"k\u00e9y":"\u0000"}"#) == .object(["kéy": .string("\u{0}")]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "tru", "nul", "truex", "01", "-", "1.", "1e", ".5",
        "+1", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"", "\"a\nb\"", "[1] [2]",
        "{\"a\":1}}", "'a'", "NaN", "[,]", "[1,,2]", "Infinity", "-Infinity", "0x10",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(text) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x22, 0xFF, 0x22])) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x22, 0x5C, 0x6E, 0xC3, 0x22])) }
        #expect(throws: JSONSyntaxError.self) { try parse(String(repeating: "[", count: 10_000)) }
        // The same limit as Foundation's: 512 levels read, 513 refused.
        _ = try parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        #expect(throws: JSONSyntaxError.self) { try parse(String(repeating: "[", count: 513) + String(repeating: "]", count: 513)) }
    }

    /// RFC 8259 over Foundation's leniency, on purpose (see `JSONReader`'s comment): each of these is
    /// accepted by `JSONSerialization` and refused here, with a reason that says why.
    @Test(arguments: [
        (Data("[1,]".utf8), "trailing comma"),
        (Data("{\"a\":1 , }".utf8), "trailing comma"),
        (Data([0xEF, 0xBB, 0xBF]) + Data("[1]".utf8), "byte order mark"),
        ("[1]".data(using: .utf16LittleEndian)!, "UTF-16 or UTF-32"),
        ("[1]".data(using: .utf16BigEndian)!, "UTF-16 or UTF-32"),
        ("{\"a\":2}".data(using: .utf32LittleEndian)!, "UTF-16 or UTF-32"),
    ])
    func refusesWhatFoundationToleratesOnPurpose(_ data: Data, _ reason: String) throws {
        #expect((try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil, "Foundation accepts it")
        do {
            _ = try JSONValue.parse(data)
            Issue.record("accepted")
        } catch let error as JSONSyntaxError {
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
    }

    @Test func agreesWithFoundationOnAnIncidentPage() throws {
        var body = Data(#"{"incidents":["#.utf8)
        for (index, incident) in IncidentGenerator.incidents(count: 300).enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(incident.json)
        }
        body.append(contentsOf: #"],"limit":100,"offset":0,"more":false,"total":null,"ratio":-1.5e-3}"#.utf8)
        let value = try JSONValue.parse(body)
        #expect(JSONFuzzCheck.failure(body) == nil)
        #expect(value["incidents"]?.arrayValue?.count == 300)
    }

    @Test func compactSerializationRoundTrips() throws {
        let text = #"{"a":"x\"y\\z\n\u0001é😀","b":[1,2.5,-3,true,null],"c":{"d":{}}}"#
        let value = try parse(text)
        #expect(value.serialized(pretty: false) == text)
        #expect(try parse(value.serialized(pretty: true)) == value)
    }
}
