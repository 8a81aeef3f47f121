import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `everyauth identity ls|get|token|add|rm` as a user runs them (stdout piped, so tsv is the default).
@Suite struct IdentityTests {
    /// Keys of every object `identity ls -o json` prints, exactly.
    static let listKeys: Set<String> = ["id", "service", "userId", "kind", "tags", "scope", "expiresAt", "status", "createdAt", "updatedAt", "check"]

    /// A store with one OAuth identity (token valid for a day) for `alice`, tagged team=web.
    func oauthFixture(_ cli: CLI) throws -> Identity {
        var document = StoreDocument()
        let credential = try Credential(
            tokenResponse: ["access_token": .string("pdus+_access"), "refresh_token": .string("pdus+_refresh"),
                            "token_type": .string("bearer"), "scope": .string("openid write"),
                            "expires_in": .number(86400), "id_token": .string("ey.token")],
            receivedAt: Date())
        let identity = document.upsertIdentity(service: .pagerduty, userId: "alice", kind: .oauth, credential: credential, tags: ["team": "web"])
        try cli.writeStore(document.encoded())
        return identity
    }

    @Test func addStoresAnAPIKeyThatGetAndTokenPrint() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "-", "--tag", "team=ops"], stdin: "u+apikey123\n")
        #expect(add.status == 0)
        #expect(add.stdout.isEmpty)
        let stored = try #require((cli.storeJSON()?["identities"] as? [[String: Any]])?.first)
        let id = try #require(stored["id"] as? String)
        #expect(id.hasPrefix("idn-"))
        #expect(add.stderr == "Stored the pagerduty API key of user 'bob' as \(id).\n")
        #expect(stored["kind"] as? String == "apiKey")
        #expect(stored["status"] as? String == "authorized")
        #expect(stored["tags"] as? [String: String] == ["team": "ops"])

        let get = try await cli.runAsync(["identity", "get", "pagerduty", "--user-id", "bob"])
        #expect(get.status == 0)
        #expect(get.stdout == "{\n  \"accessToken\": \"u+apikey123\",\n  \"native\": {\n    \"token_type\": \"token\"\n  }\n}\n")
        #expect(try await cli.runAsync(["identity", "get", "pagerduty", "--id", id]).stdout == get.stdout)
        let token = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "bob"])
        #expect(token.status == 0 && token.stdout == "u+apikey123\n" && token.stderr.isEmpty)
        let byEnvironment = try await cli.runAsync(["identity", "token", "pagerduty"], environment: ["EVERYAUTH_USER_ID": "bob"])
        #expect(byEnvironment.stdout == "u+apikey123\n")
    }

    @Test func addingAgainReplacesTheKeyKeepsTheIdAndMergesTags() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "old", "--tag", "team=ops", "--tag", "env=dev"])
        let first = try #require((cli.storeJSON()?["identities"] as? [[String: Any]])?.first?["id"] as? String)
        let again = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "new", "--tag", "env=prod"])
        #expect(again.status == 0)
        let identities = try #require(cli.storeJSON()?["identities"] as? [[String: Any]])
        #expect(identities.count == 1)
        #expect(identities.first?["id"] as? String == first)
        #expect(identities.first?["tags"] as? [String: String] == ["team": "ops", "env": "prod"])
        #expect(try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "bob"]).stdout == "new\n")
    }

    @Test func addRejectsBadInput() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let emptyStdin = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u", "--token", "-"], stdin: "")
        #expect(emptyStdin.status == 64 && emptyStdin.stderr.contains("--token"))
        let badTag = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u", "--token", "k", "--tag", "team"])
        #expect(badTag.status == 64 && badTag.stderr.contains("--tag"))
        let noToken = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u"])
        #expect(noToken.status == 64 && noToken.stderr.contains("--token"))
        let unknown = try await cli.runAsync(["identity", "add", "jira", "--user-id", "u", "--token", "k"])
        #expect(unknown.status == 64 && unknown.stderr.contains("supported services: pagerduty"))
        #expect(cli.storeData() == nil)
    }

    @Test func listPrintsEveryFormatWithoutTokens() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let alice = try oauthFixture(cli)
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "u+bobkey", "--tag", "team=ops", "--tag", "env=prod"])
        let expires = Timestamp.format(try #require(alice.credential.expiresAt))

        let tsv = try await cli.runAsync(["identity", "ls"])
        #expect(tsv.status == 0)
        #expect(tsv.lines.count == 3)
        #expect(tsv.lines[0] == "id\tservice\tuserId\ttags\tscope\texpiresAt\tstatus")
        #expect(tsv.lines[1] == "\(alice.id)\tpagerduty\talice\tteam=web\topenid write\t\(expires)\tauthorized")
        #expect(tsv.lines[2].hasSuffix("\tpagerduty\tbob\tenv=prod,team=ops\t\t\tauthorized"))

        let json = try await cli.runAsync(["identity", "ls", "-o", "json"])
        let objects = try #require(json.json as? [[String: Any]])
        #expect(objects.count == 2)
        for object in objects { #expect(Set(object.keys) == Self.listKeys) }
        #expect(objects[0]["expiresAt"] as? String == expires)
        #expect(objects[0]["kind"] as? String == "oauth")
        #expect(objects[0]["scope"] as? String == "openid write")
        #expect(objects[1]["expiresAt"] is NSNull && objects[1]["scope"] is NSNull)
        #expect(objects[1]["kind"] as? String == "apiKey")
        #expect(objects[1]["tags"] as? [String: String] == ["team": "ops", "env": "prod"])

        let ndjson = try await cli.runAsync(["identity", "ls", "-o", "ndjson"])
        #expect(ndjson.lines.count == 2 && ndjson.lines[0].hasPrefix("{\"id\":\"\(alice.id)\""))
        let csv = try await cli.runAsync(["identity", "ls", "-o", "csv"])
        #expect(csv.lines[0] == "id,service,userId,tags,scope,expiresAt,status")
        #expect(csv.lines[2].hasSuffix(",pagerduty,bob,\"env=prod,team=ops\",,,authorized"))
        let table = try await cli.runAsync(["identity", "ls", "-o", "table"])
        #expect(table.lines[0].hasPrefix("ID ") && table.lines[0].contains("USER ID"))
        for result in [tsv, json, ndjson, csv, table] {
            #expect(!result.stdout.contains("pdus+_") && !result.stdout.contains("u+bobkey") && !result.stdout.contains("ey.token"))
        }
    }

    @Test func listFilters() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        for (user, tags) in [("u1", ["team=web", "env=prod"]), ("u2", ["team=web"]), ("u3", [])] {
            try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", user, "--token", "k"] + tags.flatMap { ["--tag", $0] })
        }
        func users(_ arguments: [String]) async throws -> [String] {
            let result = try await cli.runAsync(["identity", "ls", "-o", "json"] + arguments)
            #expect(result.status == 0)
            return (result.json as? [[String: Any]])?.compactMap { $0["userId"] as? String } ?? ["failed"]
        }
        #expect(try await users([]) == ["u1", "u2", "u3"])
        #expect(try await users(["pagerduty"]) == ["u1", "u2", "u3"])
        #expect(try await users(["--tag", "team=web"]) == ["u1", "u2"])
        #expect(try await users(["--tag", "team=web", "--tag", "env=prod"]) == ["u1"])
        #expect(try await users(["--user-id", "u3"]) == ["u3"])
        #expect(try await cli.runAsync(["identity", "ls", "-o", "json", "--user-id", "nobody"]).stdout == "[]\n")
        let badTag = try await cli.runAsync(["identity", "ls", "--tag", "team"])
        #expect(badTag.status == 64 && badTag.stderr.contains("--tag"))
        let unknown = try await cli.runAsync(["identity", "ls", "servicenow"])
        #expect(unknown.status == 64 && unknown.stderr.contains("supported services: pagerduty"))
    }

    @Test func getPrintsTheOAuthCredentialWithoutTheRefreshToken() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let alice = try oauthFixture(cli)
        let get = try await cli.runAsync(["identity", "get", "pagerduty", "--user-id", "alice", "--no-refresh"])
        #expect(get.status == 0)
        #expect(get.stdout.hasPrefix("{\n  \"accessToken\": \"pdus+_access\",\n  \"native\": {\n    \"scope\": \"openid write\",\n    \"id_token\": \"ey.token\",\n    \"timestamp\": "))
        #expect(!get.stdout.contains("refresh"))
        let native = try #require((get.json as? [String: Any])?["native"] as? [String: Any])
        #expect(native["expires_at"] as? Double == (alice.credential.native["expires_at"]?.doubleValue))
        #expect(try await cli.runAsync(["identity", "token", "pagerduty", "--id", alice.id, "--no-refresh"]).stdout == "pdus+_access\n")
    }

    @Test func missingIdentityAndBadSelectionsFail() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "k"])
        for command in ["get", "token", "rm"] {
            let missing = try await cli.runAsync(["identity", command, "pagerduty", "--user-id", "carol", "-q"].filter { command == "rm" || $0 != "-q" })
            // SPEC §5: 3 when authorizing is the remedy; removing what is not there is 2, without that advice.
            if command == "rm" {
                #expect(missing.status == 2)
                #expect(missing.stderr == "everyauth: error: no pagerduty identity for user 'carol'; nothing was removed (see 'everyauth identity ls pagerduty')\n")
            } else {
                #expect(missing.status == 3, "\(command)")
                // The service has no client id yet (bob's is an API key): authorizing needs one first.
                #expect(missing.stderr == "everyauth: error: no pagerduty identity for user 'carol'; run 'everyauth service set pagerduty --clientId ID', then 'everyauth authorize pagerduty --user-id carol' first\n")
            }
            let byID = try await cli.runAsync(["identity", command, "pagerduty", "--id", "idn-00"])
            #expect(byID.status == 2 && byID.stderr.contains("idn-00"))
            let both = try await cli.runAsync(["identity", command, "pagerduty", "--user-id", "bob", "--id", "idn-00"])
            #expect(both.status == 64 && both.stderr.contains("--user-id") && both.stderr.contains("--id"))
            let unknownFlag = try await cli.runAsync(["identity", command, "pagerduty", "--user", "bob"])
            #expect(unknownFlag.status == 64)
        }
        #expect((cli.storeJSON()?["identities"] as? [Any])?.count == 1)
    }

    @Test func removeRefusesWithoutATerminalAndRemovesWithQ() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "k"])
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "eve", "--token", "k2"])
        let refused = try await cli.runAsync(["identity", "rm", "pagerduty", "--user-id", "bob"], stdin: "y\n")
        #expect(refused.status == 64)
        #expect(refused.stderr == "everyauth: error: refusing to go on without confirmation: stdin is not a terminal; pass --yes\n")
        #expect((cli.storeJSON()?["identities"] as? [Any])?.count == 2)
        let removed = try await cli.runAsync(["identity", "rm", "pagerduty", "--user-id", "bob", "-q"])
        #expect(removed.status == 0 && removed.stdout.isEmpty && removed.stderr.isEmpty)
        let left = try #require(cli.storeJSON()?["identities"] as? [[String: Any]])
        #expect(left.map { $0["userId"] as? String } == ["eve"])
        let eveID = try #require(left.first?["id"] as? String)
        #expect(try await cli.runAsync(["identity", "rm", "pagerduty", "--id", eveID, "-q"]).status == 0)
        #expect((cli.storeJSON()?["identities"] as? [Any])?.isEmpty == true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func removeAsksOnATerminal() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "k"])
        // script(1) gives the command a terminal on stdin and stderr and feeds it our stdin.
        let command = "script -qec '\"$EVERYAUTH\" identity rm pagerduty --user-id bob' /dev/null"
        let declined = try await cli.runScriptAsync(command, stdin: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("Remove the pagerduty identity idn-") && declined.stdout.contains("of user 'bob'? [y/N]"))
        #expect(declined.stdout.contains("Nothing removed."))
        #expect((cli.storeJSON()?["identities"] as? [Any])?.count == 1)
        let accepted = try await cli.runScriptAsync(command, stdin: "y\n")
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("Removed the pagerduty identity"))
        #expect((cli.storeJSON()?["identities"] as? [Any])?.isEmpty == true)
    }

    @Test func listIntoAClosedPipeEndsQuietly() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        // Well over a pipe buffer, so the writer meets the closed pipe.
        var document = StoreDocument()
        for index in 0..<2000 {
            document.upsertIdentity(service: .pagerduty, userId: "user-\(index)", kind: .apiKey, credential: .apiKey("k"),
                                    tags: ["team": "team-\(index % 7)"])
        }
        try cli.writeStore(document.encoded())
        let result = try await cli.runScriptAsync("\"$EVERYAUTH\" identity ls | head -1; echo \"status=${PIPESTATUS[0]}\"")
        #expect(result.stdout == "id\tservice\tuserId\ttags\tscope\texpiresAt\tstatus\nstatus=0\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func thirtyConcurrentAddsAreAllStored() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try await cli.runScriptAsync("""
            for i in $(seq 1 30); do
              ( "$EVERYAUTH" identity add pagerduty --user-id "user-$i" --token "key-$i" --tag batch=1 2>/dev/null || echo "failed $i" ) &
            done
            wait
            """, timeout: 120)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let identities = try #require(cli.storeJSON()?["identities"] as? [[String: Any]])
        #expect(identities.count == 30)
        #expect(Set(identities.compactMap { $0["userId"] as? String }) == Set((1...30).map { "user-\($0)" }))
        #expect(Set(identities.compactMap { $0["id"] as? String }).count == 30)
        for identity in identities {
            let user = identity["userId"] as? String ?? ""
            #expect((identity["credential"] as? [String: Any])?["accessToken"] as? String == "key-" + user.dropFirst("user-".count))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.configDir.path).sorted()
        #expect(leftovers == ["everyauth.json", "everyauth.lock"])
    }
}
