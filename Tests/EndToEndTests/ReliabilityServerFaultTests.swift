import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A loopback server that answers every request with one scripted fault, written byte by byte so
/// it can do what no well-behaved HTTP server does (reset mid-body, lie about lengths, stay silent).
final class FaultServer: Sendable {
    /// The faults a test can ask for.
    enum Fault: String, CaseIterable, Sendable {
        case resetMidBody, truncatedJSON, htmlWith200, badGateway, hugeBody, silent
    }

    let port: Int
    private let listener: Int32
    private let fault: Fault
    /// Connections still open, how many requests were answered, and whether `shutdown` ran. Each
    /// descriptor is closed exactly once, by the thread that owns it, under this lock and after it
    /// leaves `open`: `shutdown` only shuts down what is still listed, so it can never reach a number
    /// the process has since reused for another test's socket (that made other tests' servers refuse
    /// connections and lose requests while this suite ran in parallel).
    private let connections = Mutex<(open: [Int32], served: Int, closed: Bool)>(([], 0, false))

    init(_ fault: Fault) throws {
        self.fault = fault
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { Glibc.close(fd); throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests answered so far.
    var requests: Int { connections.withLock { $0.served } }

    /// Owns the listener: `shutdown` only shuts it down (accept then fails), and this loop closes it.
    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let accepted = connections.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.open.append(connection)
                state.served += 1
                return true
            }
            guard accepted else {
                close(connection)
                return
            }
            Thread { [self] in
                answer(connection)
                finish(connection)
            }.start()
        }
    }

    /// Closes a connection this server answered, once, after taking it off the list.
    private func finish(_ connection: Int32) {
        connections.withLock { state in
            state.open.removeAll { $0 == connection }
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        // Read the request head (and whatever body came with it).
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var head: [UInt8] = []
        while !head.containsHeadEnd {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            head += buffer[0..<count]
        }
        usleep(20_000)
        func send(_ text: String) { send(Array(text.utf8)) }
        func send(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { _ = Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        switch fault {
        case .resetMidBody:
            send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"access_token\": \"abc")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case .truncatedJSON:
            let body = "{\"incidents\": [{\"id\": \"P1\", \"access_token\": \"x"
            send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        case .htmlWith200:
            let body = "<html><body><h1>Sign in to the corporate proxy</h1></body></html>"
            send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        case .badGateway:
            let body = "<html><body><h1>502 Bad Gateway</h1></body></html>"
            send("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        case .hugeBody:
            let size = 50 << 20
            send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(size)\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
            for _ in 0..<(size >> 20) { send(chunk) }
        case .silent:
            // Holds the connection open without a byte until shutdown (then recv sees the end).
            while buffer.withUnsafeMutableBytes({ recv(connection, $0.baseAddress, $0.count, 0) }) > 0 {}
        }
    }

    /// Stops accepting and ends every open connection; the threads that own them close them.
    func shutdown() {
        connections.withLock { state in
            state.closed = true
            Glibc.shutdown(listener, Int32(SHUT_RDWR))
            for connection in state.open { Glibc.shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }
}

private extension Array where Element == UInt8 {
    var containsHeadEnd: Bool {
        guard count >= 4 else { return false }
        for index in 0...(count - 4) where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return true
        }
        return false
    }
}

/// The token endpoint and the REST API misbehaving: each fault is one clear line, exit 5, and the
/// store byte for byte as before.
@Suite struct ReliabilityServerFaultTests {
    static let environment = ["EVERYAUTH_HTTP_TIMEOUT": "2", "NO_PROXY": "*", "no_proxy": "*"]

    /// A store whose token and API addresses are `server`, with an OAuth identity that expired an hour
    /// ago (one that is still valid is served as it is when a refresh fails, by design).
    func session(_ server: FaultServer) throws -> CLI {
        let cli = CLI(environment: Self.environment)
        let credential = try Credential(tokenResponse: [
            "access_token": .string("pdus+stale-access"), "refresh_token": .string("pdus+refresh-secret"),
            "token_type": .string("bearer"), "expires_in": .number(60),
        ], receivedAt: Date().addingTimeInterval(-3600))
        _ = try FileStore(directory: cli.configDir).update { document in
            document.services["pagerduty"] = ServiceSettings(
                clientId: "client-1", clientSecret: "client-secret-xyz", tokenUrl: server.baseURL + "/oauth/token", apiUrl: server.baseURL)
            document.upsertIdentity(service: .pagerduty, userId: "u", kind: .oauth, credential: credential)
        }
        return cli
    }

    func expectCleanRemoteFailure(_ result: CLIResult, _ cli: CLI, before: Data?, _ what: String) {
        #expect(result.status == 5, "\(what): exit \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("everyauth: error: "), "\(what): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(what): \(result.stderr)")
        // Nothing on stdout: incidents list writes its header only once the first page has arrived.
        #expect(result.stdout.isEmpty, "\(what): \(result.stdout.prefix(200))")
        for secret in ["pdus+refresh-secret", "client-secret-xyz", "u+apikey-fault"] {
            #expect(!result.stderr.contains(secret), "\(what) printed a secret")
        }
        #expect(cli.storeData() == before, "\(what): the store changed")
    }

    /// Runs `arguments` against a fresh fault server per fault, all faults at once.
    private func runAllFaults(_ what: String, _ arguments: [String]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for fault in FaultServer.Fault.allCases {
                group.addTask {
                    let server = try FaultServer(fault)
                    defer { server.shutdown() }
                    let cli = try session(server)
                    defer { cli.cleanUp() }
                    let before = cli.storeData()
                    let result = try await cli.runAsync(arguments, timeout: 120)
                    expectCleanRemoteFailure(result, cli, before: before, "\(what) \(fault)")
                    #expect(server.requests >= 1, "\(what) \(fault): no request arrived")
                    print("server fault: \(what) \(fault): exit \(result.status), \(server.requests) requests: \(result.stderr.trimmingCharacters(in: .newlines))")
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func tokenEndpointFaults() async throws {
        try await runAllFaults("token endpoint", ["identity", "token", "pagerduty", "--user-id", "u"])
    }

    @Test func restAPIFaults() async throws {
        try await runAllFaults("REST API", ["incidents", "list", "--token", "u+apikey-fault"])
    }
}
