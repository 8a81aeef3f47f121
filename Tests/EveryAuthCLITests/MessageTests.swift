@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Messages that tell the user the right thing (item 8) and `identity token --header` (item 12).
@Suite struct MessageTests {
    @Test func removingAMissingIdentityDoesNotSuggestAuthorize() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for selection in [["--user-id", "ghost"], ["--id", "idn-123"], ["idn-123"]] {
            let result = await cli.run(["identity", "rm", "pagerduty"] + selection + ["-q"])
            #expect(result.status == 2, "\(selection)")
            #expect(!result.stderr.contains("authorize"), "\(result.stderr)")
            #expect(result.stderr.contains("nothing was removed"))
        }
    }

    @Test func removeTakesTheIdentityIDPositionally() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let bob = try cli.addAPIKey("u+bob", userId: "bob")
        try cli.addAPIKey("u+eve", userId: "eve")
        let both = await cli.run(["identity", "rm", "pagerduty", bob.id, "--user-id", "eve", "-q"])
        #expect(both.status == 64)
        let removed = await cli.run(["identity", "rm", "pagerduty", bob.id, "-q"])
        #expect(removed.status == 0 && removed.stderr.isEmpty)
        #expect(try cli.identities().map(\.userId) == ["eve"])
        let told = await cli.run(["identity", "rm", "pagerduty", try #require(try cli.identities().first).id], stdinIsTerminal: false)
        #expect(told.status == 64 && told.stderr.contains("--yes"))
    }

    @Test func aRejectedStoredKeyNamesTheUserIDInTheRemedy() async throws {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["u+good": "PUSR001"]
        let fake = try RESTServer(incidentCount: 3, settings: settings)
        defer { fake.shutdown() }
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        defer { cli.cleanUp() }
        let url = fake.baseURL
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: url) }
        try cli.addAPIKey("u+revoked", userId: "dana")
        let result = await cli.run(["incidents", "list", "--user-id", "dana"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id dana"), "\(result.stderr)")
        #expect(!result.stderr.contains("u+revoked"))
    }

    @Test func verboseShowsTheFailureTextOnce() async throws {
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        defer { cli.cleanUp() }
        // A port nobody listens on: the connection is refused at once (and retried).
        let socket = try ClosedPort()
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: "http://127.0.0.1:\(socket.port)") }
        let result = await cli.run(["incidents", "list", "--token", "u+key", "-v"])
        withExtendedLifetime(socket) {}
        #expect(result.status == 5, "\(result.stderr)")
        let errorLine = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("everyauth: error: ") })
        let reason = try #require(errorLine.components(separatedBy: "failed: ").last)
        #expect(!reason.isEmpty)
        // The trace says that each attempt failed; the text of the failure comes once, at the end.
        #expect(result.stderr.components(separatedBy: "failed: " + reason).count - 1 == 1, "\(result.stderr)")
        #expect(result.stderr.contains("! GET http://127.0.0.1:\(socket.port)/incidents"))
    }

    @Test func tokenHeaderPrintsTheWholeAuthorizationValue() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try cli.addAPIKey("u+key", userId: "bob")
        let credential = try Credential(
            tokenResponse: ["access_token": .string("pdus+_oauth"), "token_type": .string("bearer"), "expires_in": .number(86400)],
            receivedAt: Date())
        _ = try cli.store.update { document in
            document.upsertIdentity(service: .pagerduty, userId: "alice", kind: .oauth, credential: credential)
        }
        let key = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob", "--header"])
        #expect(key.status == 0 && key.stdout == "Token token=u+key\n")
        let bearer = await cli.run(["identity", "token", "pagerduty", "--user-id", "alice", "--header"])
        #expect(bearer.status == 0 && bearer.stdout == "Bearer pdus+_oauth\n")
    }
}

/// A loopback port that is bound but never listened on, so connecting to it is refused. It stays
/// bound while the value lives: a port that was bound and closed again could be taken by another
/// test's server in between, and the request meant to be refused would get that server's 404.
final class ClosedPort {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
