import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

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
        let (child, port, answer) = try await session.startWaiting()
        let pid = child.pid
        let baseline = residentKiB(pid)

        let figures = try await blocking { () -> [Int] in
            var peak = 0
            var sentBytes = 0
            func sample() { peak = max(peak, self.residentKiB(pid)) }
            // Garbage bytes.
            var random = SystemRandomNumberGenerator()
            if let socket = LoopbackSocket(port: port, timeout: 5) {
                sentBytes += socket.send((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) })
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // A 1 MB request line.
            if let socket = LoopbackSocket(port: port, timeout: 5) {
                sentBytes += socket.send(Array("GET /callback?\(String(repeating: "a", count: 1 << 20)) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8))
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // 10,000 headers.
            if let socket = LoopbackSocket(port: port, timeout: 5) {
                let headers = (0..<10_000).map { "X-Filler-\($0): v\r\n" }.joined()
                sentBytes += socket.send(Array("GET /callback HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(headers)\r\n".utf8))
                _ = socket.readAll()
                socket.close()
            }
            sample()
            // 200 connections held open with half a request each, and a client sending a byte a second.
            let held = (0..<200).compactMap { _ in LoopbackSocket(port: port, timeout: 5) }
            for socket in held { sentBytes += socket.send(Array("GET /callback?state=".utf8)) }
            let slow = LoopbackSocket(port: port, timeout: 5)
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
