import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `everyauth api` against the fake PagerDuty, as a script would run it (stdout piped).
@Suite("everyauth api")
struct APITests {
    @Test("api /users/me with a stored identity prints PagerDuty's answer as it came; -i adds the status and headers")
    func usersMe() async throws {
        let session = try AccountSession()
        session.rest.account.setUser(.init(id: "PUSR001", name: "Ada Lovelace", email: "ada@example.com", role: "admin"))
        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        let result = try await session.run(["api", "/users/me", "--user-id", "ada"])
        #expect(result.status == 0, "\(result.stderr)")
        let user = try #require((result.json as? [String: Any])?["user"] as? [String: Any])
        #expect(user["id"] as? String == "PUSR001")
        #expect(user["name"] as? String == "Ada Lovelace")
        #expect(user["email"] as? String == "ada@example.com")
        #expect(result.stderr.isEmpty)

        // The path may leave out the slash; -i prints the head first; the token may come from the environment.
        let head = try await session.run(["api", "users/me", "-i"], environment: ["PAGERDUTY_TOKEN": AccountSession.userKey])
        #expect(head.status == 0, "\(head.stderr)")
        let parts = head.stdout.components(separatedBy: "\n\n")
        #expect(parts.first?.hasPrefix("HTTP 200\n") == true)
        #expect(parts.first?.lowercased().contains("content-type: application/json") == true)
        #expect(head.stdout.contains("\"Ada Lovelace\""))
    }

    @Test("an OAuth token the API refuses is refreshed once and the call retried; refused again it exits 3")
    func refreshOn401() async throws {
        let session = try AccountSession()
        let seeded = try session.seedOAuth(userId: "grace")
        session.rest.configure { $0.expiredTokens.insert(seeded.accessToken) }
        let result = try await session.run(["api", "/users/me", "--user-id", "grace"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(((result.json as? [String: Any])?["user"] as? [String: Any])?["id"] as? String == "PUSR002")
        #expect(session.oauth.refreshRequests == 1)
        #expect(session.rest.requestCount == 2)

        // A token that stays refused after the refresh is "authorize again".
        session.rest.configure { $0.bearerCheck = { _ in nil } }
        let refused = try await session.run(["api", "/users/me", "--user-id", "grace"])
        #expect(refused.status == 3)
        #expect(refused.stdout.isEmpty)
        #expect(session.oauth.refreshRequests == 2)
    }

    @Test("--paginate -o ndjson streams all 350 incidents, one per line; -o json prints one merged array")
    func classicPagination() async throws {
        let session = try AccountSession(incidents: 350)
        let ndjson = try await session.run(["api", "/incidents", "--paginate", "-o", "ndjson", "--token", AccountSession.userKey,
                                            "-f", "statuses[]=triggered", "-f", "statuses[]=acknowledged", "-f", "statuses[]=resolved",
                                            "-f", "limit=100"])
        #expect(ndjson.status == 0, "\(ndjson.stderr)")
        let objects = AccountSession.objects(ndjson.stdout)
        #expect(ndjson.lines.count == 350)
        #expect(objects.count == 350)
        #expect(Set(objects.compactMap { $0["id"] as? String }) == Set(session.rest.incidents.map(\.id)))
        // Four pages of 100, each asking for the next offset and keeping the fields.
        let queries = session.rest.incidentQueries
        #expect(queries.count == 4)
        #expect(queries.map { $0.first { $0.0 == "offset" }?.1 ?? "0" } == ["0", "100", "200", "300"])
        #expect(queries.allSatisfy { $0.filter { $0.0 == "statuses[]" }.count == 3 })

        let json = try await session.run(["api", "incidents", "--paginate", "--token", AccountSession.userKey, "-F", "limit=100",
                                          "-f", "date_range=all", "-f", "statuses[]=triggered", "-f", "statuses[]=acknowledged",
                                          "-f", "statuses[]=resolved"])
        #expect(json.status == 0, "\(json.stderr)")
        let merged = try #require(json.json as? [[String: Any]])
        #expect(merged.count == 350)
        #expect(merged.compactMap { $0["id"] as? String } == objects.compactMap { $0["id"] as? String })
    }

    @Test("cursor pagination: /audit/records follows next_cursor until it is null")
    func cursorPagination() async throws {
        let session = try AccountSession()
        session.rest.account.auditRecordCount = 250
        let result = try await session.run(["api", "/audit/records", "--paginate", "-o", "ndjson", "-f", "limit=100",
                                            "--token", AccountSession.userKey])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = AccountSession.objects(result.stdout).compactMap { $0["id"] as? String }
        #expect(ids == (0..<250).map { String(format: "PDAUDIT%06d", $0) })

        // Without --paginate only the first page, as PagerDuty sent it, with its next_cursor.
        let first = try await session.run(["api", "/audit/records", "--token", AccountSession.userKey])
        let page = try #require(first.json as? [String: Any])
        #expect((page["records"] as? [Any])?.count == 100)
        #expect(page["next_cursor"] is String)
        // A parameter the endpoint does not define is refused, as PagerDuty does.
        let offset = try await session.run(["api", "/audit/records", "-X", "GET", "-f", "offset=100", "--token", AccountSession.userKey])
        #expect(offset.status == 5)
        #expect(offset.stderr.contains("offset is not a parameter"))
        #expect(offset.stdout.isEmpty)
    }

    @Test("-X PUT --input - sends stdin as the JSON body; -F and -f build nested bodies")
    func putWithInput() async throws {
        let session = try AccountSession()
        session.rest.account.setUser(.init(id: "PUSR001", name: "Ada", email: "ada@example.com"))
        let body = #"{"user":{"name":"Ada King","role":"observer"}}"#
        let put = try await session.run(["api", "-X", "PUT", "/users/PUSR001", "--input", "-", "--token", AccountSession.userKey,
                                         "--from", "ada@example.com"], stdin: body)
        #expect(put.status == 0, "\(put.stderr)")
        #expect(((put.json as? [String: Any])?["user"] as? [String: Any])?["name"] as? String == "Ada King")
        let write = try #require(session.rest.account.writes.last)
        #expect(write.method == "PUT")
        #expect(String(decoding: write.body, as: UTF8.self) == body)
        #expect(write.headers.contains { $0.0.lowercased() == "from" && $0.1 == "ada@example.com" })
        #expect(write.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "application/json" })
        let me = try await session.run(["api", "/users/me", "--token", AccountSession.userKey])
        #expect(((me.json as? [String: Any])?["user"] as? [String: Any])?["role"] as? String == "observer")

        // Fields without -X make a POST; with -X PUT they make the nested JSON body.
        let fields = try await session.run(["api", "-X", "put", "/users/PUSR001", "-f", "user[name]=Ada", "-F", "user[role]=user",
                                            "--token", AccountSession.userKey])
        #expect(fields.status == 0, "\(fields.stderr)")
        let lastWrite = try #require(session.rest.account.writes.last)
        let sent = try #require(try JSONSerialization.jsonObject(with: lastWrite.body) as? [String: Any])
        #expect(sent as NSDictionary == ["user": ["name": "Ada", "role": "user"]] as NSDictionary)
    }

    @Test("an absolute URL on another host is refused before anything is sent; on the apiUrl host it works")
    func absoluteURLs() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        let other = try await session.run(["api", "https://evil.example.com/users/me", "--user-id", "ada"])
        #expect(other.status == 64)
        #expect(other.stderr.contains("evil.example.com"))
        #expect(other.stderr.contains("apiUrl"))
        let port = URLComponents(string: session.rest.baseURL)?.port ?? 0
        let otherPort = try await session.run(["api", "http://127.0.0.1:\(port == 1 ? 2 : port - 1)/users/me", "--user-id", "ada"])
        #expect(otherPort.status == 64)
        #expect(session.rest.requestCount == 0)
        #expect(!(other.stderr + otherPort.stderr).contains(AccountSession.userKey))

        let same = try await session.run(["api", session.rest.baseURL + "/users/me", "--user-id", "ada"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(session.rest.requestCount == 1)
    }

    @Test("errors: 401 exits 3, 404 exits 5 with PagerDuty's message on stderr; bad fields are usage errors")
    func errors() async throws {
        let session = try AccountSession()
        let rejected = try await session.run(["api", "/users/me", "--token", "not-a-key"])
        #expect(rejected.status == 3)
        #expect(rejected.stderr.contains("Authentication failed"))
        #expect(rejected.stdout.isEmpty)
        let missing = try await session.run(["api", "/users/PNOPE99", "--token", AccountSession.userKey])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("HTTP 404"))
        #expect(missing.stderr.contains("Not Found"))
        for bad in [["-f", "novalue"], ["-F", "a[b=1"], ["-H", "Authorization: Bearer x"], ["-o", "csv"], ["-X", "POST", "--paginate"]] {
            let result = try await session.run(["api", "/users/me", "--token", AccountSession.userKey] + bad)
            #expect(result.status == 64, "\(bad): \(result.stderr)")
        }
        #expect(session.rest.requestCount == 2)
    }

    @Test("a 500 on POST is not retried blindly; on PUT it is")
    func retries() async throws {
        let session = try AccountSession { $0.failFirst = 1 }
        session.rest.account.setUser(.init(id: "PUSR001", name: "Ada", email: "ada@example.com"))
        let post = try await session.run(["api", "/users/PUSR001", "-f", "user[name]=X", "--token", AccountSession.userKey])
        #expect(post.status == 5)
        #expect(session.rest.requestCount == 1)
        session.rest.configure { $0.failFirst = 2 }
        let put = try await session.run(["api", "-X", "PUT", "/users/PUSR001", "-f", "user[name]=Y", "--token", AccountSession.userKey])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(session.rest.requestCount == 3)
    }
}
