import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `authorize`'s listener with few file descriptors: idle local connections must not starve the
/// real callback (the listener caps its connections and closes the oldest).
@Suite struct LoopbackLimitTests {
    @Test func idleConnectionsBeyondTheDescriptorLimitDoNotStarveTheCallback() async throws {
        let session = try OAuthSession()
        let (child, port, answer) = try await session.startWaiting()
        // As `ulimit -n 128` would, on the running listener only (util-linux prlimit; the soft limit alone).
        let lowered = try await blocking { () -> Int32 in
            let prlimit = Process()
            prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            prlimit.arguments = ["--pid", String(child.pid), "--nofile=128:"]
            try prlimit.run()
            prlimit.waitUntilExit()
            return prlimit.terminationStatus
        }
        #expect(lowered == 0)
        let limits = try String(contentsOfFile: "/proc/\(child.pid)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").contains { $0.hasPrefix("Max open files") && $0.split(separator: " ").contains("128") })

        let status = try await blocking { () -> Int in
            let idle = (0..<130).compactMap { _ in LoopbackSocket(port: port, timeout: 5) }
            defer { idle.forEach { $0.close() } }
            return (try? FakeBrowser.get(answer).status) ?? 0
        }
        let result = try await blocking { child.wait(timeout: 60) }
        #expect(status == 200, "the real callback got \(status)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.identities().count == 1)
    }
}
