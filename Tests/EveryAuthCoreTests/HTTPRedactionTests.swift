import Foundation
import Testing
@testable import EveryAuthCore

@Suite("HTTP redaction and retry details")
struct HTTPRedactionTests {
    @Test func urlQuerySecretsAndPasswordsAreMasked() {
        #expect(Redaction.url("https://h/cb?code=abc&state=xyz") == "https://h/cb?code=***&state=xyz")
        #expect(Redaction.url("https://h/p?access_token=a&id_token=b&x=1#token=c") == "https://h/p?access_token=***&id_token=***&x=1#token=***")
        #expect(Redaction.url("https://user:pw@h/p") == "https://user:***@h/p")
        #expect(Redaction.url("https://api.pagerduty.com/incidents?limit=25") == "https://api.pagerduty.com/incidents?limit=25")
    }

    @Test func formAndJSONFieldsAreMasked() {
        #expect(Redaction.formBody("grant_type=refresh_token&refresh_token=R1&client_secret=S%202&client_id=c")
                == "grant_type=refresh_token&refresh_token=***&client_secret=***&client_id=c")
        #expect(Redaction.json(#"{"access_token": "A\"1", "token_type":"bearer","Password":"p"}"#)
                == #"{"access_token": "***", "token_type":"bearer","Password":"***"}"#)
    }

    @Test func headersAndKnownValuesAreMasked() {
        #expect(Redaction.headerValue(name: "authorization", value: "Token token=abc") == "Token ***")
        #expect(Redaction.headerValue(name: "Authorization", value: "abc") == "***")
        #expect(Redaction.headerValue(name: "Accept", value: "application/json") == "application/json")
        #expect(Redaction.secrets(["s3cr/t", ""], in: "a s3cr/t b s3cr%2Ft") == "a *** b ***")
    }

    @Test func serverDelaysAreParsedAndCapped() {
        let policy = RetryPolicy(maxServerDelay: 120)
        let now = Date(timeIntervalSince1970: 1_000_000)
        func delay(_ headers: [HTTPHeader]) -> TimeInterval? {
            HTTPClient.serverDelay(HTTPClient.Response(status: 429, headers: headers, body: Data()), policy: policy, now: now)
        }
        #expect(delay([HTTPHeader("ratelimit-reset", "3")]) == 3)
        #expect(delay([HTTPHeader("Retry-After", "2"), HTTPHeader("RateLimit-Reset", "5")]) == 5)
        #expect(delay([HTTPHeader("Retry-After", "99999")]) == 120)
        let date = now.addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(delay([HTTPHeader("Retry-After", formatter.string(from: date))]) == 30)
        #expect(delay([HTTPHeader("Retry-After", "soon")]) == nil)
        #expect(delay([]) == nil)
    }

    @Test func backoffStaysWithinItsCeiling() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 4)
        for attempt in 0..<10 {
            let wait = policy.backoff(afterAttempt: attempt)
            #expect(wait >= 0 && wait <= min(4, 0.5 * pow(2, Double(attempt))))
        }
    }

    @Test func errorDetailsComeFromPagerDutyOAuthOrTheFirstLine() {
        func detail(_ body: String) -> String? {
            ErrorDetail.from(HTTPClient.Response(status: 500, headers: [], body: Data(body.utf8)))
        }
        #expect(detail(#"{"error":{"message":"Invalid Input Provided","code":2001,"errors":["Limit too big"]}}"#)
                == "Invalid Input Provided: Limit too big")
        #expect(detail(#"{"error":"invalid_grant","error_description":"Refresh token expired"}"#) == "Refresh token expired")
        #expect(detail("<html><body>Bad gateway</body></html>") == nil)
        #expect(detail("upstream failed\nstack trace...") == "upstream failed")
        #expect(detail(String(repeating: "x", count: 500))?.count == ErrorDetail.maxLength)
        #expect(detail("") == nil)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/etc/ssl/certs/ca-certificates.crt")))
    func extraCABundleKeepsTheSystemCAsTrusted() throws {
        let extra = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-extra-\(UUID().uuidString).pem")
        let pem = Data("-----BEGIN CERTIFICATE-----\nEXTRA\n-----END CERTIFICATE-----\n".utf8)
        try pem.write(to: extra)
        defer { try? FileManager.default.removeItem(at: extra) }
        let trust = CATrust(extraPath: extra.path)
        #expect(trust.problem == nil)
        #expect(trust.extraPath == extra.path)
        if let directory = trust.systemDirectory {
            // The system CAs come from libcurl's CA directory, beside the extra bundle's file.
            #expect(directory == CurlEasy.systemCADirectory)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count > 10, "the system CAs must stay trusted")
            #expect(trust.merged == nil)
        } else {
            let merged = try #require(trust.merged)
            #expect(merged.count > pem.count + 1000, "the system CAs must stay trusted")
            #expect(merged.suffix(pem.count) == pem)
        }
    }
}
