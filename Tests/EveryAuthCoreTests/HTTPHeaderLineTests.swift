@testable import EveryAuthCore
import Testing

/// The header callback's parsing of one line, as libcurl hands it over (with its CRLF).
@Suite("HTTP header lines")
struct HTTPHeaderLineTests {
    static func parse(_ line: String) -> CurlEasy.HeaderLine {
        Array(line.utf8).withUnsafeBytes { CurlEasy.headerLine($0) }
    }

    @Test("status lines, fields with optional whitespace, the blank line, lines without a colon")
    func lines() {
        #expect(Self.parse("HTTP/1.1 200 OK\r\n") == .status)
        #expect(Self.parse("HTTP/2 429 \r\n") == .status)
        #expect(Self.parse("Content-Type: application/json\r\n") == .field(HTTPHeader("Content-Type", "application/json")))
        #expect(Self.parse("ratelimit-reset:\t 12 \t\r\n") == .field(HTTPHeader("ratelimit-reset", "12")))
        #expect(Self.parse("X-Empty:\r\n") == .field(HTTPHeader("X-Empty", "")))
        #expect(Self.parse("Name : a: b\r\n") == .field(HTTPHeader("Name", "a: b")))
        #expect(Self.parse("X-Text: caf\u{E9} \u{00A0}\r\n") == .field(HTTPHeader("X-Text", "caf\u{E9} \u{00A0}")))
        #expect(Self.parse("\r\n") == .other)
        #expect(Self.parse("no colon here\r\n") == .other)
        #expect(Self.parse("") == .other)
    }
}
