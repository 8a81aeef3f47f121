import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client for 127.0.0.1, to send what no HTTP client would.
struct RawSocket {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; nil when refused.
    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(fd); return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    /// Sends as much of `bytes` as the peer takes; returns the count sent (the peer may close early).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
            offset += sent
        }
        return offset
    }

    /// Reads until the peer closes or 5 s pass; the bytes received.
    func readAll(limit: Int = 1 << 20) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }

    func close() { _ = Glibc.close(fd) }
}

/// `authorize`'s loopback listener under attack: garbage, huge and endless requests, slow and many
/// clients. It stays small in memory, and the real callback still completes.
@Suite struct ReliabilityHostileLoopbackTests {
    /// Resident memory of `pid` in KiB (VmRSS), or 0.
    private func residentKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func listenerSurvivesHostileClientsAndTheRealCallbackCompletes() async throws {
        let session = try OAuthSession()
        let child = try session.cli.start(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "120"])
        let url = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        let redirect = try #require(URLComponents(string: url)?.queryItems?.first { $0.name == "redirect_uri" }?.value)
        let port = try #require(URLComponents(string: redirect)?.port)
        let answer = try #require(session.oauth.approve(url))
        let pid = child.pid
        let baseline = residentKiB(pid)

        let figures = try await blocking { () -> [Int] in
            var peak = 0
            var sentBytes = 0
            func sample() { peak = max(peak, self.residentKiB(pid)) }
            // Garbage bytes.
            var random = SystemRandomNumberGenerator()
            if let socket = RawSocket(port: port) {
                sentBytes += socket.send((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) })
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // A 1 MB request line.
            if let socket = RawSocket(port: port) {
                sentBytes += socket.send(Array("GET /callback?\(String(repeating: "a", count: 1 << 20)) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8))
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // 10,000 headers.
            if let socket = RawSocket(port: port) {
                let headers = (0..<10_000).map { "X-Filler-\($0): v\r\n" }.joined()
                sentBytes += socket.send(Array("GET /callback HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(headers)\r\n".utf8))
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // 200 connections held open with half a request each, and a client sending a byte a second.
            let held = (0..<200).compactMap { _ in RawSocket(port: port) }
            for socket in held { sentBytes += socket.send(Array("GET /callback?state=".utf8)) }
            let slow = RawSocket(port: port)
            for byte in Array("GET /".utf8) {
                sentBytes += slow?.send([byte]) ?? 0
                sample()
                sleep(1)
            }
            sample()
            // The real callback, while all of them are still connected.
            let real = try FakeBrowser.get(answer)
            sample()
            for socket in held { socket.close() }
            slow?.close()
            return [real.status, peak, held.count, sentBytes]
        }
        let result = await child.waitAsync(timeout: 60)
        #expect(figures[0] == 200, "the real callback got \(figures[0])")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.identities().count == 1)
        #expect(figures[1] < 200 * 1024, "resident memory reached \(figures[1]) KiB")
        // Repeated callbacks after success find the listener closed.
        #expect(try await FakeBrowser.fetch(answer).status == 0)
        #expect(session.identities().count == 1)
        session.expectNoSecrets(in: result.stderr + result.stdout)
        print("hostile loopback: \(figures[2]) held connections, \(figures[3]) bytes sent, RSS \(baseline) KiB before, peak \(figures[1]) KiB")
    }

    /// The right state with both `error` and `code`: the flow ends as denied (exit 4), nothing stored.
    @Test func errorAndCodeTogetherFailCleanly() async throws {
        let session = try OAuthSession()
        let child = try session.cli.start(["authorize", "pagerduty", "--user-id", "u", "--no-browser", "--timeout", "60"])
        let url = try #require(await child.authorizationURLAsync(), "no URL on stderr: \(child.stderr)")
        let answer = try #require(session.oauth.approve(url))
        _ = try await FakeBrowser.fetch(answer + "&error=access_denied&error_description=attacker")
        let result = await child.waitAsync(timeout: 120)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("access_denied") || result.stderr.contains("attacker"))
        #expect(session.identities().isEmpty)
        #expect(session.oauth.authorizationCodeRequests == 0)
    }
}
