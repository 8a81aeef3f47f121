import EveryAuthTestSupport
import Foundation
import PagerDutyFake
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking socket work on a thread of its own, never on Swift's concurrency pool.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

extension LoopbackSocket {
    /// A port nothing listens on now, outside the ephemeral range: the fake's one way of picking it.
    static func freePort() throws -> Int {
        try FakeHTTPServer.freePort()
    }
}

/// Records what the fake server received (its handler runs on NIO threads).
typealias RequestLog = Recorder<FakeRequest>

extension Recorder where Element == FakeRequest {
    /// The requests received, in order.
    var requests: [FakeRequest] { all }
}
