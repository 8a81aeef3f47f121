import Foundation
import Testing
@testable import EveryAuthCore

@Suite struct JSONValueTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test func credentialPrintsInEveryAuthKeyOrderWithoutRefreshToken() throws {
        let response: JSONObject = [
            "access_token": .string("pdus+_0abc"), "refresh_token": .string("pdus+_1xyz"),
            "token_type": .string("bearer"), "scope": .string("openid write"), "expires_in": .number(864000),
            "id_token": .string("ey.j"),
        ]
        let credential = try Credential(tokenResponse: response, receivedAt: Date(timeIntervalSince1970: 1649810924.162))
        #expect(credential.refreshToken == "pdus+_1xyz")
        #expect(credential.native["expires_at"] == .number(1649810924162 + 864_000_000))
        let text = credential.printableJSON()
        #expect(!text.contains("pdus+_1xyz"))
        #expect(text.hasPrefix("{\n  \"accessToken\": \"pdus+_0abc\",\n  \"native\": {\n    \"scope\": \"openid write\",\n    \"id_token\""))
    }

    /// Issue "hostile numbers" 2: what a server sent comes out exactly as sent.
    @Test func numbersKeepTheirLiteralText() throws {
        let text = #"[1e400,-1e400,123456789012345678901234567890,9007199254740993,-0,1.0,1E+2,0.1,2.50,-1.5e-3]"#
        let value = try parse(text)
        #expect(value.serialized(pretty: false) == text)
        #expect(try parse(value.serialized(pretty: true)) == value)
        #expect(!value.serialized(pretty: false).contains("inf"))
    }

    /// Numbers the code makes print as before: whole numbers without `.0`, never `inf` or `nan`.
    @Test func computedNumbersSerializeAsBefore() {
        #expect(JSONValue.number(3600).serialized(pretty: false) == "3600")
        #expect(JSONValue.number(1_649_810_924_162.0).serialized(pretty: false) == "1649810924162")
        #expect(JSONValue.number(-0.0).serialized(pretty: false) == "0")
        #expect(JSONValue.number(1.5).serialized(pretty: false) == "1.5")
        #expect(JSONValue.number(1e16).serialized(pretty: false) == "1e+16")
        #expect(JSONValue.number(Double.infinity) == .null)
        #expect(JSONValue.number(-Double.infinity).serialized(pretty: false) == "null")
        #expect(JSONValue.number(Double.nan).serialized(pretty: false) == "null")
    }

    @Test(arguments: [
        ("12", 12), ("1.2e1", 12), ("120e-1", 12), ("-0", 0), ("0e999999999999", 0), ("1.0", 1),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min), ("9007199254740993", 9_007_199_254_740_993),
        ("1e18", 1_000_000_000_000_000_000),
    ] as [(String, Int)])
    func exactIntegers(_ literal: String, _ expected: Int) throws {
        #expect(try #require(JSONNumber(literal: literal)).intValue == expected)
    }

    @Test(arguments: ["1.5", "1e19", "9223372036854775808", "-9223372036854775809", "1e400", "1e-400", "123456789012345678901234567890", "5e-1"])
    func notExactIntegers(_ literal: String) throws {
        #expect(try #require(JSONNumber(literal: literal)).intValue == nil)
    }

    @Test func doublesNeverInfinite() throws {
        #expect(try #require(JSONNumber(literal: "1e400")).doubleValue == nil)
        #expect(try #require(JSONNumber(literal: "-1e400")).doubleValue == nil)
        #expect(try #require(JSONNumber(literal: "1e308")).doubleValue == 1e308)
        #expect(JSONValue.string("nan").doubleValue == nil)
        #expect(JSONValue.string("inf").intValue == nil)
        #expect(JSONValue.string("3600").intValue == 3600)
    }

    @Test(arguments: ["nan", "NaN", "inf", "Infinity", "+1", " 1", "1 ", "0x10", "", "1.", ".5", "01", "-", "1e", "--1"])
    func literalsOutsideTheGrammarAreRefused(_ text: String) {
        #expect(JSONNumber(literal: text) == nil)
    }

    /// Issue "hostile numbers" 4: names that are canonically equivalent but differ in bytes stay two.
    @Test func canonicallyEquivalentNamesStayApart() throws {
        let value = try parse(#"{"\u00e9":1,"e\u0301":2}"#)
        let members = try #require(value.objectValue)
        #expect(members.count == 2)
        #expect(members["\u{e9}"] == .number(1))
        #expect(members["e\u{301}"] == .number(2))
        #expect(try parse(value.serialized(pretty: false)) == value)
        // Written in byte order: "e" (0x65) before "\u{e9}" (0xC3 0xA9).
        #expect(Array(value.serialized(pretty: false).utf8) == Array("{\"e\u{301}\":2,\"\u{e9}\":1}".utf8))
        // Byte-identical names are one member: the last one wins.
        #expect(try parse(#"{"a":1,"a":2}"#) == .object(["a": .number(2)]))
    }
}
