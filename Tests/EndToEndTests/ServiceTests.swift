import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `everyauth service set|get|ls|rm` as a user runs them (stdout piped, so tsv is the default).
@Suite struct ServiceTests {
    @Test func setThenGetShowsEffectiveSettingsWithTheSecretMasked() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let set = try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "abc", "--clientSecret", "s3cr3t-value", "--region", "eu"])
        #expect(set.status == 0)
        #expect(set.stdout.isEmpty)
        // The secret on the command line works, with a warning that it shows in history and ps.
        #expect(set.stderr.hasSuffix("Updated pagerduty: clientId, clientSecret, region.\n"), "\(set.stderr)")
        #expect(set.stderr.hasPrefix("everyauth: warning: --clientSecret on the command line"), "\(set.stderr)")
        #expect(!set.stderr.contains("s3cr3t-value"))
        let stored = try #require(cli.storeJSON()?["services"] as? [String: Any])
        #expect(stored["pagerduty"] as? [String: String] == ["clientId": "abc", "clientSecret": "s3cr3t-value", "region": "eu"])

        let json = try await cli.runAsync(["service", "get", "pagerduty", "-o", "json"])
        #expect(json.status == 0)
        let object = try #require(json.json as? [String: Any])
        #expect(Set(object.keys) == Set(ServiceSettingKey.allCases.map(\.name)))
        #expect(object["clientSecret"] as? String == "***")
        #expect(object["apiUrl"] as? String == "https://api.eu.pagerduty.com")
        #expect(object["scope"] as? String == "read write")
        #expect(object["redirectPort"] as? Int == 0)

        let tsv = try await cli.runAsync(["service", "get", "pagerduty"])
        // csv/tsv: one record, its columns named by the JSON keys (SPEC §6).
        #expect(tsv.lines.count == 2)
        let header = tsv.lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let values = tsv.lines[1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        #expect(Set(header) == Set(object.keys))
        let row = Dictionary(uniqueKeysWithValues: zip(header, values))
        #expect(row["clientSecret"] == "***")
        #expect(row["tokenUrl"] == "https://identity.pagerduty.com/oauth/token")
        let table = try await cli.runAsync(["service", "get", "pagerduty", "-o", "table"])
        #expect(table.lines.first?.hasPrefix("KEY") == true)
        for result in [set, json, tsv, table] {
            #expect(!(result.stdout + result.stderr).contains("s3cr3t"))
        }
    }

    @Test func kebabCaseSpellingsSetTheSameKeys() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try await cli.runAsync([
            "service", "set", "pagerduty", "--client-id", "cid", "--client-secret", "sec", "--scope", "read",
            "--authorization-url", "http://127.0.0.1:8080/auth", "--token-url", "http://localhost:8080/token",
            "--api-url", "http://[::1]:9000", "--redirect-port", "8123",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try #require((cli.storeJSON()?["services"] as? [String: Any])?["pagerduty"] as? [String: Any])
        #expect(settings["clientId"] as? String == "cid")
        #expect(settings["clientSecret"] as? String == "sec")
        #expect(settings["scope"] as? String == "read")
        #expect(settings["authorizationUrl"] as? String == "http://127.0.0.1:8080/auth")
        #expect(settings["tokenUrl"] as? String == "http://localhost:8080/token")
        #expect(settings["apiUrl"] as? String == "http://[::1]:9000")
        #expect(settings["redirectPort"] as? Int == 8123)
    }

    @Test func clientSecretDashReadsStdin() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try await cli.runAsync(["service", "set", "pagerduty", "--clientSecret", "-"], stdin: "from-stdin\n")
        #expect(result.status == 0)
        #expect(!result.stderr.contains("from-stdin"))
        let settings = (cli.storeJSON()?["services"] as? [String: Any])?["pagerduty"] as? [String: Any]
        #expect(settings?["clientSecret"] as? String == "from-stdin")

        let empty = try await cli.runAsync(["service", "set", "pagerduty", "--clientSecret", "-"], stdin: "\n")
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--clientSecret"))
        #expect((cli.storeJSON()?["services"] as? [String: Any])?["pagerduty"] as? [String: String] == ["clientSecret": "from-stdin"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func clientSecretDashOnATerminalAsksWithoutEcho() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try await cli.runScriptAsync("script -qec '\"$EVERYAUTH\" service set pagerduty --clientSecret -' /dev/null", stdin: "typed-secret\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Value for --clientSecret (not shown): "))
        let settings = (cli.storeJSON()?["services"] as? [String: Any])?["pagerduty"] as? [String: Any]
        #expect(settings?["clientSecret"] as? String == "typed-secret")
    }

    @Test func partialUpdateKeepsTheOtherKeys() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "a", "--scope", "read", "--clientSecret", "x"])
        let result = try await cli.runAsync(["service", "set", "pagerduty", "--region", "eu"])
        #expect(result.stderr == "Updated pagerduty: region.\n")
        let settings = (cli.storeJSON()?["services"] as? [String: Any])?["pagerduty"] as? [String: String]
        #expect(settings == ["clientId": "a", "scope": "read", "clientSecret": "x", "region": "eu"])
    }

    @Test func setWithoutOptionsListsTheKeysAndValues() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let before = try await cli.runAsync(["service", "set", "pagerduty"])
        #expect(before.status == 0)
        for key in ["scope", "clientId", "clientSecret", "region", "authorizationUrl", "tokenUrl", "apiUrl", "redirectPort"] {
            #expect(before.stdout.contains(key))
        }
        #expect(before.stdout.contains("read write"))
        #expect(before.stderr.contains("not configured"))
        #expect(cli.storeData() == nil)
        try await cli.runAsync(["service", "set", "pagerduty", "--clientSecret", "hush-hush", "--clientId", "cid"])
        let after = try await cli.runAsync(["service", "set", "pagerduty"])
        #expect(after.stdout.contains("***"))
        #expect(after.stdout.contains("cid"))
        #expect(!after.stdout.contains("hush-hush"))
    }

    @Test func badValuesAreUsageErrorsNamingTheFlag() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let cases: [([String], String)] = [
            (["--tokenUrl", "http://example.com/token"], "--tokenUrl"),
            (["--apiUrl", "ftp://api.example.com"], "--apiUrl"),
            (["--authorization-url", "not a url"], "--authorizationUrl"),
            (["--redirectPort", "70000"], "--redirectPort"),
            (["--region", "mars"], "--region"),
            (["--clientId", ""], "--clientId"),
        ]
        for (arguments, flag) in cases {
            let result = try await cli.runAsync(["service", "set", "pagerduty"] + arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(flag), "\(result.stderr)")
        }
        #expect(cli.storeData() == nil)
    }

    @Test func unknownServiceExits64ListingTheAcceptedNames() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        for arguments in [["set", "opsgenie", "--clientId", "x"], ["get", "opsgenie"], ["rm", "opsgenie"]] {
            let result = try await cli.runAsync(["service"] + arguments)
            #expect(result.status == 64)
            #expect(result.stderr == "everyauth: error: unknown service 'opsgenie'; supported services: pagerduty\n")
        }
    }

    @Test func unknownFlagExits64() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try await cli.runAsync(["service", "set", "pagerduty", "--clientID", "x"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--clientID"))
        #expect(cli.storeData() == nil)
    }

    @Test func notConfiguredServiceExits2() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        for arguments in [["get", "pagerduty"], ["rm", "pagerduty"]] {
            let result = try await cli.runAsync(["service"] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("everyauth service set pagerduty"))
        }
    }

    @Test func listIsTSVWhenPipedAndEveryOtherFormatOnRequest() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        #expect(try await cli.runAsync(["service", "ls", "-o", "json"]).stdout == "[]\n")
        #expect(try await cli.runAsync(["service", "ls"]).stdout == "service\tclientId\tclientSecret\tregion\tscope\tapiUrl\n")
        try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "cid", "--clientSecret", "topsecret"])
        let tsv = try await cli.runAsync(["service", "ls"])
        #expect(tsv.lines == [
            "service\tclientId\tclientSecret\tregion\tscope\tapiUrl",
            "pagerduty\tcid\t***\tus\tread write\thttps://api.pagerduty.com",
        ])
        let csv = try await cli.runAsync(["service", "list", "-o", "csv"])
        #expect(csv.lines.last == "pagerduty,cid,***,us,read write,https://api.pagerduty.com")
        let json = try #require(try await cli.runAsync(["service", "ls", "-o", "json"]).json as? [[String: Any]])
        #expect(json.count == 1 && json.first?["service"] as? String == "pagerduty" && json.first?["clientSecret"] as? String == "***")
        let ndjson = try await cli.runAsync(["service", "ls", "-o", "ndjson"])
        #expect(ndjson.lines.count == 1 && ndjson.lines.first?.hasPrefix("{\"service\":\"pagerduty\"") == true)
        let table = try await cli.runAsync(["service", "ls", "-o", "table"])
        #expect(table.lines.first?.hasPrefix("SERVICE") == true)
        for result in [tsv, csv, ndjson, table] { #expect(!result.stdout.contains("topsecret")) }
    }

    @Test func removeForgetsTheSettingsButKeepsIdentities() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "cid"])
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u1", "--token", "key"])
        // It drops the client secret: without a terminal to ask on, it needs --yes.
        let unasked = try await cli.runAsync(["service", "rm", "pagerduty"])
        #expect(unasked.status == 64 && unasked.stderr.contains("--yes"), "\(unasked.stderr)")
        #expect((cli.storeJSON()?["services"] as? [String: Any])?.isEmpty == false)
        let removed = try await cli.runAsync(["service", "rm", "pagerduty", "--yes"])
        #expect(removed.status == 0)
        #expect(removed.stderr.contains("Removed the pagerduty settings"))
        #expect((cli.storeJSON()?["services"] as? [String: Any])?.isEmpty == true)
        #expect((cli.storeJSON()?["identities"] as? [Any])?.count == 1)
        #expect(try await cli.runAsync(["service", "get", "pagerduty"]).status == 2)
        let again = try await cli.runAsync(["service", "rm", "pagerduty", "-q"])
        #expect(again.status == 2)
        try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "cid"])
        let quiet = try await cli.runAsync(["service", "rm", "pagerduty", "-q"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test func corruptOrFutureStoreStopsEveryCommandAndStaysUntouched() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        for text in ["{\"version\": 1, \"services\": {\"pagerduty\": ", "{\"version\": 7, \"services\": {}, \"identities\": []}\n"] {
            let bytes = Data(text.utf8)
            try cli.writeStore(bytes)
            let commands: [[String]] = [
                ["service", "set", "pagerduty", "--clientId", "x"], ["service", "set", "pagerduty"],
                ["service", "get", "pagerduty"], ["service", "ls"], ["service", "rm", "pagerduty", "-q"],
                ["identity", "ls"], ["identity", "add", "pagerduty", "--user-id", "u", "--token", "k"],
                ["identity", "get", "pagerduty", "--user-id", "u"], ["identity", "rm", "pagerduty", "--user-id", "u", "-q"],
            ]
            for command in commands {
                let result = try await cli.runAsync(command)
                #expect(result.status == 1, "\(command)")
                #expect(result.stderr.hasPrefix("everyauth: error: \(cli.storeURL.path) "), "\(result.stderr)")
                #expect(result.stderr.contains("left untouched"))
                #expect(cli.storeData() == bytes)
            }
        }
    }

    @Test func filesAreCreatedPrivateUnderUmaskZeroAndLooseModesWarn() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let created = try await cli.runScriptAsync("umask 000; \"$EVERYAUTH\" service set pagerduty --clientId x")
        #expect(created.status == 0)
        #expect(cli.mode("") == 0o700)
        #expect(cli.mode() == 0o600)
        #expect(cli.mode("everyauth.lock") == 0o600)
        chmod(cli.storeURL.path, 0o644)
        let warned = try await cli.runAsync(["service", "ls"])
        #expect(warned.status == 0)
        #expect(warned.stderr == "everyauth: warning: \(cli.storeURL.path) is accessible by other users (mode 644); run 'chmod 600 \(cli.storeURL.path)'\n")
    }

    @Test func helpAndVersionWorkOnSubcommands() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let help = try await cli.runAsync(["service", "set", "-h"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--clientId") && help.stdout.contains("--client-id") && help.stdout.contains("--config-dir"))
        let unknownCommand = try await cli.runAsync(["servce", "ls"])
        #expect(unknownCommand.status == 64)
        let version = try await cli.runAsync(["service", "ls", "--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty && version.stdout.first?.isNumber == true)
        let configDir = cli.configDir.appendingPathComponent("other").path
        let explicit = try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "z", "--config-dir", configDir])
        #expect(explicit.status == 0)
        #expect(FileManager.default.fileExists(atPath: configDir + "/everyauth.json"))
        #expect(cli.storeData() == nil)
    }
}
