import Foundation
import Testing
@testable import EveryAuthCore

@Suite struct JSONValueTests {
    @Test func credentialPrintsInEveryAuthKeyOrderWithoutRefreshToken() throws {
        let response: [String: JSONValue] = [
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
}
