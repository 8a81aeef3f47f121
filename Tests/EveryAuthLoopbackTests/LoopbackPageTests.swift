@testable import EveryAuthCore
@testable import EveryAuthLoopback
import EveryAuthTestSupport
import Foundation
import Testing

/// The loopback callback's pages are `BrowserPage`'s, as `serve`'s are: the same security headers,
/// each once, and request text escaped by the same function.
@Suite("Loopback pages")
struct LoopbackPageTests {
    @Test("every answer carries BrowserPage's security headers once, and escapes what the request said")
    func pagesCarryTheSharedHeaders() async throws {
        let result = FlowResultBox()
        let receiver = try await LoopbackReceiver(port: 0, state: "the-state", finishedURL: nil, result: result)
        let port = receiver.port
        let client = HTTPClient()
        let missing = try await client.send(HTTPClient.Request(url: "http://127.0.0.1:\(port)/nowhere"))
        let refused = try await client.send(HTTPClient.Request(url: "http://127.0.0.1:\(port)/callback?error=%3Cscript%3E&error_description=%22x%22&state=the-state"))
        #expect(missing.status == 404)
        for response in [missing, refused] {
            for (name, value) in BrowserPage.securityHeaders {
                let found = response.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
                #expect(found == [value], "\(name)")
            }
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        }
        let page = String(decoding: refused.body, as: UTF8.self)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;"))
        await receiver.close()
    }
}
