@testable import EveryAuthCore
import Foundation
import Testing

/// Issue "hostile numbers" 1: every conversion of server data to an integer is checked. A number
/// that is not a whole number in range is a clear, one-line "malformed" error with exit 5, never a
/// trap (`Int(1e400)` and `Int(Double.nan)` crash the process).
@Suite struct JSONHostileNumberTests {
    private func oneLine(_ error: any Error) -> Bool {
        guard let text = (error as? any LocalizedError)?.errorDescription else { return false }
        return !text.isEmpty && !text.contains("\n")
    }

    @Test(arguments: ["1e400", "-1e400", "1e19", "\"nan\"", "\"12\"", "-1", "2.5", "true", "{}"])
    func incidentTotalsThatAreNotCountsAreMalformed(_ total: String) throws {
        let body = try JSONValue.parse(Data(#"{"incidents":[],"more":false,"total":\#(total)}"#.utf8))
        do {
            _ = try PagerDutyClient.total(body)
            Issue.record("total \(total) was accepted")
        } catch let error as PagerDutyError {
            guard case .malformedResponse = error else { Issue.record("\(error)"); return }
            #expect(oneLine(error))
        }
    }

    @Test func incidentTotalsThatAreCountsAreRead() throws {
        #expect(try PagerDutyClient.total(JSONValue.parse(Data(#"{"total":12000}"#.utf8))) == 12000)
        #expect(try PagerDutyClient.total(JSONValue.parse(Data(#"{"total":1.2e4}"#.utf8))) == 12000)
        #expect(try PagerDutyClient.total(JSONValue.parse(Data(#"{"total":null}"#.utf8))) == nil)
        #expect(try PagerDutyClient.total(JSONValue.parse(Data(#"{}"#.utf8))) == nil)
    }

    @Test(arguments: ["1e19", "1e400", "\"nan\"", "0.5", "[]"])
    func errorCodesThatAreNotWholeNumbersAreMalformed(_ code: String) {
        let body = #"{"error":{"message":"Invalid Input Provided","code":\#(code),"errors":["bad"]}}"#
        let error = PagerDutyClient.error(for: HTTPClient.Response(status: 400, headers: [], body: Data(body.utf8)))
        guard case .malformedResponse = error else { Issue.record("\(error)"); return }
        #expect(oneLine(error))
    }

    @Test func wholeErrorCodesAreKept() {
        let body = #"{"error":{"message":"Invalid Input Provided","code":2001,"errors":["bad"]}}"#
        let error = PagerDutyClient.error(for: HTTPClient.Response(status: 400, headers: [], body: Data(body.utf8)))
        #expect(error == .api(status: 400, code: 2001, message: "Invalid Input Provided", errors: ["bad"]))
        // The detail shown after retries prints the code as sent, converting nothing.
        let huge = #"{"error":{"code":1e400}}"#
        #expect(ErrorDetail.from(HTTPClient.Response(status: 500, headers: [], body: Data(huge.utf8))) == "error code 1e400")
    }

    @Test(arguments: ["1e400", "-1e400", "1e19", "\"nan\"", "\"inf\"", "true", "\"3600 s\""])
    func tokenLifetimesThatAreNotSecondsAreMalformed(_ expiresIn: String) {
        let body = #"{"access_token":"a","token_type":"bearer","expires_in":\#(expiresIn)}"#
        do {
            _ = try TokenEndpoint.credential(from: HTTPClient.Response(status: 200, headers: [], body: Data(body.utf8)), receivedAt: Date())
            Issue.record("expires_in \(expiresIn) was accepted")
        } catch let error as OAuthError {
            guard case .malformedTokenResponse = error else { Issue.record("\(error)"); return }
            #expect(oneLine(error))
        } catch {
            Issue.record("\(error)")
        }
    }

    /// A hand-edited store with an absurd `expires_at` lists and prints without a trap, and keeps the text.
    @Test func storedExpiryBeyondAnyClockIsNoExpiry() throws {
        for literal in ["1e400", "-1e400", "1e300", "123456789012345678901234567890"] {
            let credential = Credential(accessToken: "t", native: ["expires_at": .number(try #require(JSONNumber(literal: literal)))])
            #expect(credential.expiresAt == nil)
            #expect(!credential.needsRefresh())
            #expect(credential.printableJSON().contains("\"expires_at\": \(literal)"))
        }
        let far = Credential(accessToken: "t", native: ["expires_at": .number(1e17)])
        #expect(Identity(service: "pagerduty", userId: "u", kind: .oauth, credential: far).summary["expiresAt"] == .null)
    }
}
