import EveryAuthCore
import Foundation
import Testing

@Suite("PKCE and SHA-256")
struct PKCETests {
    @Test("SHA-256 matches the FIPS 180-4 vectors")
    func sha256Vectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Two blocks exactly, and a length that crosses the padding boundary.
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    }

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
