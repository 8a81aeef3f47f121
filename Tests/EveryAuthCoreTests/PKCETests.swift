import EveryAuthCore
import Foundation
import Testing

@Suite("PKCE")
struct PKCETests {
    @Test("RFC 7636 Appendix B: verifier to challenge")
    func rfc7636Vector() {
        let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.method == "S256")
    }

    @Test("fresh verifiers and states are 43 base64url characters and never repeat")
    func freshValues() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var seen = Set<String>()
        for _ in 0..<50 {
            let pkce = PKCE()
            let state = PKCE.newState()
            #expect(pkce.verifier.count == 43)
            #expect(state.count == 43)
            #expect(pkce.verifier.allSatisfy { allowed.contains($0) })
            #expect(pkce.challenge == PKCE.challenge(for: pkce.verifier))
            #expect(seen.insert(pkce.verifier).inserted)
            #expect(seen.insert(state).inserted)
        }
    }
}
