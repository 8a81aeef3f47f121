import EveryAuthCore
import Foundation
import Testing

/// How `everyauth api` builds requests and follows pages, without a server.
struct APIRequestTests {
    static let base = "https://api.pagerduty.com"

    @Test func getFieldsGoToTheQueryAndPostFieldsNest() throws {
        var get = APIRequest(path: "/incidents")
        get.fields = [try APIField.string("statuses[]=triggered"), try APIField.string("statuses[]=acknowledged"), try APIField.typed("limit=5") { _ in "" }]
        get.method = "GET"
        let query = try get.httpRequest(apiURL: Self.base)
        #expect(query.method == "GET")
        #expect(query.url == "https://api.pagerduty.com/incidents?statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&limit=5")
        #expect(query.body == nil)

        var post = APIRequest(path: "incidents")
        post.fields = [
            try APIField.string("incident[title]=Disk full"), try APIField.typed("incident[urgent]=true") { _ in "" },
            try APIField.typed("incident[count]=42") { _ in "" }, try APIField.string("ids[]=A"), try APIField.string("ids[]=B"),
            try APIField.typed("note=@notes.txt") { path in "from \(path)" }, try APIField.typed("nothing=null") { _ in "" },
        ]
        post.from = "me@example.com"
        let request = try post.httpRequest(apiURL: Self.base + "/")
        #expect(request.method == "POST")
        #expect(request.retryOnFailure == false)
        #expect(request.url == "https://api.pagerduty.com/incidents")
        #expect(request.headers.contains(HTTPHeader("From", "me@example.com")))
        let body = try JSONValue.parse(try #require(request.body))
        #expect(body == .object([
            "incident": .object(["title": .string("Disk full"), "urgent": .bool(true), "count": .number(42)]),
            "ids": .array([.string("A"), .string("B")]), "note": .string("from notes.txt"), "nothing": .null,
        ]))
    }

    @Test func badNamesAndConflictsAreUsageErrors() throws {
        for pair in ["=x", "novalue", "a[b=1", "a]=1", "a[][b]=1"] {
            #expect(throws: InvalidInput.self, "\(pair)") { _ = try APIField.string(pair) }
        }
        var request = APIRequest(path: "/x")
        request.fields = [try APIField.string("a=1"), try APIField.string("a[b]=2")]
        #expect(throws: InvalidInput.self) { _ = try request.httpRequest(apiURL: Self.base) }
        #expect(throws: InvalidInput.self) { _ = try APIRequest.header("Authorization: Bearer x") }
        #expect(throws: InvalidInput.self) { _ = try APIRequest.header("X-Bad: a\u{1}b") }
        #expect(try APIRequest.header("X-Request-Id:  42 ") == HTTPHeader("X-Request-Id", "42"))
    }

    @Test func absoluteURLsOnlyOnTheAPIOrigin() throws {
        #expect(try APIRequest.resolve("https://api.pagerduty.com/users/me", apiURL: Self.base) == "https://api.pagerduty.com/users/me")
        #expect(try APIRequest.resolve("users/me", apiURL: Self.base) == "https://api.pagerduty.com/users/me")
        for other in ["https://evil.example.com/users/me", "http://api.pagerduty.com/users/me", "https://api.pagerduty.com:8443/x",
                      "https://user:pw@api.pagerduty.com/x", "ftp://api.pagerduty.com/x", "/a b"] {
            #expect(throws: InvalidInput.self, "\(other)") { _ = try APIRequest.resolve(other, apiURL: Self.base) }
        }
    }

    @Test func classicAndCursorPagination() throws {
        let classic = try JSONValue.parse(Data(#"{"incidents":[{},{}],"limit":2,"offset":4,"more":true}"#.utf8))
        #expect(APIPagination.arrayKey(in: classic, url: Self.base + "/incidents") == "incidents")
        #expect(APIPagination.next(after: Self.base + "/incidents?limit=2&offset=4&statuses%5B%5D=triggered", body: classic, elementCount: 2)
                == Self.base + "/incidents?limit=2&statuses%5B%5D=triggered&offset=6")
        let last = try JSONValue.parse(Data(#"{"incidents":[{}],"limit":2,"offset":6,"more":false}"#.utf8))
        #expect(APIPagination.next(after: Self.base + "/incidents", body: last, elementCount: 1) == nil)

        let cursor = try JSONValue.parse(Data(#"{"records":[{}],"limit":1,"next_cursor":"abc=","response_metadata":null}"#.utf8))
        #expect(APIPagination.arrayKey(in: cursor, url: Self.base + "/audit/records") == "records")
        #expect(APIPagination.next(after: Self.base + "/audit/records?limit=1", body: cursor, elementCount: 1)
                == Self.base + "/audit/records?limit=1&cursor=abc%3D")
        let end = try JSONValue.parse(Data(#"{"records":[],"limit":1,"next_cursor":null}"#.utf8))
        #expect(APIPagination.next(after: Self.base + "/audit/records?cursor=x", body: end, elementCount: 0) == nil)
    }
}

/// `--paginate`'s guard against a server whose pagination never ends (SPEC §4, §7).
@Suite struct PageTrailTests {
    @Test func newPagesAreAdmittedAndRepeatsAreNot() throws {
        var trail = PageTrail()
        try trail.admit("https://api.example/incidents")
        try trail.admit("https://api.example/incidents?offset=25")
        try trail.admit("https://api.example/incidents?offset=50")
        #expect(throws: PaginationError.repeated(page: 4)) { try trail.admit("https://api.example/incidents?offset=50") }
        #expect(throws: PaginationError.repeated(page: 4)) { try trail.admit("https://api.example/incidents?offset=25&x=1") }
        #expect(trail.count == 3)

        var cursors = PageTrail()
        try cursors.admit("https://api.example/audit/records")
        try cursors.admit("https://api.example/audit/records?cursor=a")
        try cursors.admit("https://api.example/audit/records?cursor=b")
        #expect(throws: PaginationError.repeated(page: 4)) { try cursors.admit("https://api.example/audit/records?cursor=a&limit=5") }
    }

    @Test func theTrailEndsAtItsLimit() throws {
        var trail = PageTrail()
        for offset in 0..<PageTrail.limit { try trail.admit("https://api.example/incidents?offset=\(offset)") }
        #expect(throws: PaginationError.tooManyPages(limit: PageTrail.limit)) {
            try trail.admit("https://api.example/incidents?offset=\(PageTrail.limit)")
        }
    }
}
