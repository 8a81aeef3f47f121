import EveryAuthCore
import Foundation
import Testing

@Suite("Token endpoint answers")
struct TokenResponseTests {
    let receivedAt = Date(timeIntervalSince1970: 1_649_810_924.162)

    func response(_ status: Int, _ body: String) -> HTTPClient.Response {
        HTTPClient.Response(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: Data(body.utf8))
    }

    @Test("PagerDuty's answer becomes EveryAuth's schema, refresh token kept apart")
    func pagerDutyShape() throws {
        let credential = try TokenEndpoint.credential(from: response(200, """
            {"access_token":"pdus+_0Xabc","token_type":"bearer","scope":"openid write","id_token":"ey.x",
             "expires_in":31536000,"refresh_token":"pdrt+_0Xr"}
            """), receivedAt: receivedAt)
        #expect(credential.accessToken == "pdus+_0Xabc")
        #expect(credential.refreshToken == "pdrt+_0Xr")
        #expect(credential.native["refresh_token"] == nil)
        #expect(credential.native["timestamp"] == .number(1_649_810_924_162))
        #expect(credential.native["expires_at"] == .number(1_649_810_924_162 + 31_536_000_000))
        #expect(credential.native["id_token"] == .string("ey.x"))
        #expect(!credential.printableJSON().contains("pdrt+_0Xr"))
    }

    @Test("token_type in any case, no expires_in, no refresh_token, extra fields kept")
    func variants() throws {
        let credential = try TokenEndpoint.credential(from: response(200, """
            {"access_token":"a1","token_type":"Bearer","custom":{"x":1},"expires_in":null}
            """), receivedAt: receivedAt)
        #expect(credential.refreshToken == nil)
        #expect(credential.expiresAt == nil)
        #expect(!credential.needsRefresh())
        #expect(credential.native["custom"] == .object(["x": .number(1)]))
        #expect(credential.native["token_type"] == .string("Bearer"))
        let string = try TokenEndpoint.credential(from: response(200, #"{"access_token":"a2","token_type":"BEARER","expires_in":"3600"}"#), receivedAt: receivedAt)
        #expect(string.expiresAt == receivedAt.addingTimeInterval(3600))
    }

    @Test("an OAuth error body is shown with its status")
    func errorBody() {
        #expect(throws: OAuthError.tokenEndpoint(status: 400, error: "invalid_grant", description: "code expired")) {
            try TokenEndpoint.credential(from: response(400, #"{"error":"invalid_grant","error_description":"code expired"}"#), receivedAt: receivedAt)
        }
        // Some servers answer 200 with an error body.
        #expect(throws: OAuthError.tokenEndpoint(status: 200, error: "bad_verification_code", description: nil)) {
            try TokenEndpoint.credential(from: response(200, #"{"error":"bad_verification_code"}"#), receivedAt: receivedAt)
        }
    }

    @Test("answers that are not token responses are clear errors")
    func malformed() {
        #expect(throws: OAuthError.self) {
            try TokenEndpoint.credential(from: response(502, "<html>Bad gateway</html>"), receivedAt: receivedAt)
        }
        #expect(throws: OAuthError.malformedTokenResponse(reason: "no access_token")) {
            try TokenEndpoint.credential(from: response(200, #"{"token_type":"bearer"}"#), receivedAt: receivedAt)
        }
        #expect(throws: OAuthError.self) {
            try TokenEndpoint.credential(from: response(200, "access_token=a&token_type=bearer"), receivedAt: receivedAt)
        }
        #expect(throws: OAuthError.malformedTokenResponse(reason: "expires_in is not a number of seconds")) {
            try TokenEndpoint.credential(from: response(200, #"{"access_token":"a","expires_in":"soon"}"#), receivedAt: receivedAt)
        }
    }
}
