import EveryAuthCore
import Testing

@Suite("Callback checks")
struct CallbackParserTests {
    let parser = CallbackParser(port: 53682, expectedState: "s-123")

    @Test("a code with the right state ends the wait")
    func validCode() {
        #expect(parser.evaluate(path: "/callback", query: "code=abc%2B1&state=s-123") == .code("abc+1"))
        #expect(parser.redirectURI == "http://127.0.0.1:53682/callback")
    }

    @Test("other paths are 404 and the wait goes on")
    func otherPath() {
        #expect(parser.evaluate(path: "/favicon.ico", query: "") == .ignored(status: 404, reason: "not found"))
        #expect(parser.evaluate(path: "/callback/", query: "code=x&state=s-123") == .ignored(status: 404, reason: "not found"))
    }

    @Test("a missing or wrong state is 400, also for an error answer")
    func wrongState() {
        guard case .ignored(400, _) = parser.evaluate(path: "/callback", query: "code=abc") else {
            Issue.record("missing state accepted"); return
        }
        guard case .ignored(400, _) = parser.evaluate(path: "/callback", query: "code=abc&state=s-124") else {
            Issue.record("wrong state accepted"); return
        }
        guard case .ignored(400, _) = parser.evaluate(path: "/callback", query: "error=access_denied&state=evil") else {
            Issue.record("an error with a wrong state ended the flow"); return
        }
        guard case .ignored(400, _) = parser.evaluate(path: "/callback", query: "state=s-123") else {
            Issue.record("neither code nor error accepted"); return
        }
    }

    @Test("error= ends the flow with the server's description")
    func denied() {
        #expect(parser.evaluate(path: "/callback", query: "error=access_denied&error_description=User+said+no&state=s-123")
            == .denied(error: "access_denied", description: "User said no"))
        #expect(parser.evaluate(path: "/callback", query: "error=server_error&state=s-123")
            == .denied(error: "server_error", description: nil))
    }

    @Test("a pasted address is checked like a callback")
    func pasted() {
        #expect(parser.evaluate(pasted: "  http://127.0.0.1:53682/callback?code=c1&state=s-123 \n") == .code("c1"))
        #expect(parser.evaluate(pasted: "http://localhost:53682/callback?code=c1&state=s-123") == .code("c1"))
        guard case .ignored(400, _) = parser.evaluate(pasted: "http://127.0.0.1:1234/callback?code=c1&state=s-123") else {
            Issue.record("another port accepted"); return
        }
        guard case .ignored(400, _) = parser.evaluate(pasted: "https://evil.example/callback?code=c1&state=s-123") else {
            Issue.record("another host accepted"); return
        }
        guard case .ignored(400, _) = parser.evaluate(pasted: "c1") else {
            Issue.record("a bare code accepted"); return
        }
        guard case .ignored(400, _) = parser.evaluate(pasted: "http://127.0.0.1:53682/callback?code=c1&state=nope") else {
            Issue.record("a wrong state accepted"); return
        }
        #expect(parser.evaluate(pasted: "http://127.0.0.1:53682/callback?error=access_denied&state=s-123")
            == .denied(error: "access_denied", description: nil))
    }

    @Test("only Host headers naming this listener are accepted")
    func hostHeader() {
        #expect(parser.acceptsHost("127.0.0.1:53682"))
        #expect(parser.acceptsHost("LOCALHOST:53682"))
        #expect(!parser.acceptsHost("attacker.example:53682"))
        #expect(!parser.acceptsHost("127.0.0.1"))
        #expect(!parser.acceptsHost(nil))
    }
}
