@testable import EveryAuthCore
import Testing

/// One rule for a finished address and one escaping for every page (issue 24 item 6).
@Suite struct BrowserPageTests {
    @Test(arguments: ["https://app.example/done", "http://127.0.0.1:8080/settings?x=1", "HTTPS://App.Example"])
    func anHTTPAddressWithAHostIsAFinishedURL(_ text: String) throws {
        #expect(try FinishedURL.validate(text) == text)
    }

    @Test(arguments: ["javascript:alert(1)", "/relative", "https://", "ftp://host/x", "https://user:pw@host/x",
                      "https://host/\u{1B}[2J", "https://host/a\nb", "data:text/html,hi"])
    func anythingElseIsRefusedAsAFinishedURL(_ text: String) {
        #expect(throws: InvalidInput.self) { try FinishedURL.validate(text) }
    }

    @Test func originsCompareSchemeHostAndPortOnly() {
        #expect(FinishedURL.origin(of: "https://App.Example/a") == FinishedURL.origin(of: "https://app.example:443/b?c"))
        #expect(FinishedURL.origin(of: "http://app.example/a") != FinishedURL.origin(of: "https://app.example/a"))
        #expect(FinishedURL.origin(of: "https://app.example:8443/") != FinishedURL.origin(of: "https://app.example/"))
        #expect(FinishedURL.origin(of: "https://evil.example@app.example/") == nil)
    }

    @Test func pagesEscapeTheirText() {
        #expect(BrowserPage.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(BrowserPage.escape("a\u{1B}[1mb\u{85}c\r\n") == "a\u{FFFD}[1mb\u{FFFD}c\u{FFFD}\n")
        let page = BrowserPage.html(title: "<t>", message: "m&m", links: [(href: "https://x/?a=1&b=\"2\"", text: "go")])
        #expect(page.contains("<title>&lt;t&gt;</title>") && page.contains("<p>m&amp;m</p>"))
        #expect(page.contains("href=\"https://x/?a=1&amp;b=&quot;2&quot;\""))
    }
}
