import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// A receiver on 127.0.0.1 answering the n-th request with the script's n-th answer (then
/// `fallback`), recording what came.
final class ScriptedReceiver: Sendable {
    struct Arrival: Sendable {
        var request: FakeRequest
        var at: ContinuousClock.Instant
    }

    let recorder: Recorder<Arrival>
    let server: FakeHTTPServer
    var url: String { server.baseURL + "/hooks/everyauth?tenant=1" }
    var arrivals: [Arrival] { recorder.all }

    init(_ script: [FakeResponse], fallback: FakeResponse = FakeResponse(status: 200)) throws {
        let recorder = Recorder<Arrival>()
        self.recorder = recorder
        server = try FakeHTTPServer { request in
            let index = recorder.record(Arrival(request: request, at: .now))
            return index < script.count ? script[index] : fallback
        }
    }

    deinit { server.shutdown() }

    /// Waits until `count` requests arrived (or `timeout` seconds passed).
    func wait(for count: Int, timeout: Double = 20) async -> [Arrival] {
        _ = await recorder.wait(timeout: timeout) { [recorder] _ in recorder.count >= count ? true : nil }
        return arrivals
    }
}

/// Reports and waits a sender made; the waits are recorded instead of slept.
final class SenderLog: Sendable {
    let reported = Recorder<WebhookReport>()
    let waited = Recorder<TimeInterval>()
    var reports: [WebhookReport] { reported.all }
    var waits: [TimeInterval] { waited.all }
    func record(_ report: WebhookReport) { reported.record(report) }
    func wait(_ seconds: TimeInterval) { waited.record(seconds) }
}

@Suite("Webhook delivery")
struct WebhookSenderTests {
    static let secret = Array("whsec-delivery".utf8)

    func event(_ user: String, _ kind: IdentityEvent.Kind = .refreshed) -> IdentityEvent {
        IdentityEvent(kind, service: .pagerduty, userId: user, identityId: "idn-\(user)")
    }

    /// A sender whose waits are recorded, and slept only when `sleeps`.
    func sender(_ receiver: ScriptedReceiver, log: SenderLog, capacity: Int = 1_000, retry: WebhookRetry = WebhookRetry(),
                sleeps: Bool = false) throws -> WebhookSender {
        try WebhookSender(url: receiver.url, secret: Self.secret, http: HTTPClient(), capacity: capacity, retry: retry,
                          sleep: { seconds in
                              log.wait(seconds)
                              if sleeps { try await Task.sleep(for: .seconds(seconds)) }
                          },
                          report: log.record)
    }

    @Test("500, 500, then 200: three signed attempts of one event, waits from the schedule, delivered on the third")
    func retriesThenDelivers() async throws {
        let receiver = try ScriptedReceiver([FakeResponse(status: 500), FakeResponse(status: 503)])
        let log = SenderLog()
        let sender = try sender(receiver, log: log)
        let event = event("alice", .refreshFailed)
        sender.send(event)
        #expect(await sender.drain(within: 20) == 0)
        let arrivals = receiver.arrivals
        try #require(arrivals.count == 3)
        for arrival in arrivals {
            let request = arrival.request
            let timestamp = try #require(request.header("X-EveryAuth-Timestamp").flatMap { Int($0) })
            #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 60)
            #expect(WebhookSignature.verify(try #require(request.header("X-EveryAuth-Signature")), secret: Self.secret,
                                            timestamp: timestamp, body: Array(request.body)))
            #expect(request.header("X-EveryAuth-Event-Id") == event.id)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent")?.hasPrefix("everyauth/") == true)
            #expect(request.method == "POST" && request.path == "/hooks/everyauth" && request.query == "tenant=1")
            #expect(Array(request.body) == event.body)
        }
        #expect(log.waits.count == 2)
        #expect((0.5...1).contains(log.waits[0]) && (1...2).contains(log.waits[1]), "\(log.waits)")
        #expect(log.reports.map(\.outcome) == [.retrying(after: log.waits[0]), .retrying(after: log.waits[1]), .delivered])
        #expect(log.reports.map(\.status) == [500, 503, 200])
        #expect(log.reports.map(\.attempt) == [1, 2, 3])
        #expect(log.reports.allSatisfy { $0.eventType == .refreshFailed && $0.host == "127.0.0.1:\(receiver.server.port)" })
        // A log line names the host, never the path, the query, the secret or the signature.
        let text = log.reports.map(\.text).joined(separator: "\n")
        #expect(!text.contains("/hooks") && !text.contains("tenant") && !text.contains("whsec") && !text.contains("sha256="))
    }

    @Test("a 4xx other than 429 is given up at once; 429 waits what Retry-After says; the attempts are bounded")
    func refusalsAndLimits() async throws {
        let refused = try ScriptedReceiver([FakeResponse(status: 410)])
        let log = SenderLog()
        let first = try sender(refused, log: log)
        first.send(event("bob"))
        await first.drain(within: 20)
        #expect(refused.arrivals.count == 1)
        #expect(log.reports.map(\.outcome) == [.gaveUp] && log.reports.first?.status == 410)

        let limited = try ScriptedReceiver([FakeResponse(status: 429, headers: [("Retry-After", "3")])], fallback: FakeResponse(status: 502))
        let limitedLog = SenderLog()
        let second = try sender(limited, log: limitedLog)
        second.send(event("carol"))
        await second.drain(within: 20)
        #expect(limited.arrivals.count == 5, "5 attempts in all")
        #expect(limitedLog.waits.first == 3)
        #expect(limitedLog.waits.count == 4)
        #expect(limitedLog.reports.last?.outcome == .gaveUp && limitedLog.reports.last?.attempt == 5)
    }

    @Test("a connection refused is retried like a 5xx")
    func networkFailure() async throws {
        let port = try FakeHTTPServer.freePort()
        let log = SenderLog()
        let sender = try WebhookSender(url: "http://127.0.0.1:\(port)/h", secret: Self.secret, http: HTTPClient(),
                                       sleep: { log.wait($0) }, report: log.record)
        sender.send(event("dave"))
        await sender.drain(within: 20)
        #expect(log.reports.count == 5)
        #expect(log.reports.allSatisfy { $0.status == nil && $0.failure != nil })
        #expect(log.reports.last?.outcome == .gaveUp)
    }

    @Test("the queue holds 1,000 by default; past its bound the oldest pending event is dropped with a report")
    func queueBound() async throws {
        #expect(WebhookSender.standardCapacity == 1_000)
        // The first answer takes a second, so the worker is busy while the queue fills.
        let receiver = try ScriptedReceiver([FakeResponse(status: 200, delay: 1)])
        let log = SenderLog()
        let sender = try sender(receiver, log: log, capacity: 3)
        sender.send(event("u0"))
        _ = await receiver.wait(for: 1)
        for index in 1...5 { sender.send(event("u\(index)")) }
        #expect(sender.pendingCount == 3)
        let dropped = log.reports.filter { if case .droppedQueueFull(3) = $0.outcome { return true } else { return false } }
        #expect(dropped.count == 2)
        #expect(await sender.drain(within: 20) == 0)
        let users = try receiver.arrivals.map { arrival -> String in
            let body = try #require(try JSONSerialization.jsonObject(with: arrival.request.body) as? [String: Any])
            return try #require(body["userId"] as? String)
        }
        #expect(users == ["u0", "u3", "u4", "u5"], "the two oldest pending (u1, u2) were dropped")
    }

    @Test("drain gives pending deliveries a grace period, then drops the rest with one report; later events are refused",
          .timeLimit(.minutes(1)))
    func drainGrace() async throws {
        let receiver = try ScriptedReceiver([], fallback: FakeResponse(status: 500))
        let log = SenderLog()
        // Backoff of 5 minutes and more: only the grace can end this drain within the time limit.
        let sender = try sender(receiver, log: log, retry: WebhookRetry(baseDelay: 600), sleeps: true)
        sender.send(event("e1"))
        sender.send(event("e2"))
        _ = await receiver.wait(for: 1)
        let started = ContinuousClock.now
        let dropped = await sender.drain(within: 0.3)
        #expect(ContinuousClock.now - started < .seconds(40), "the grace bounds the wait, not the backoff")
        #expect(dropped == 2)
        #expect(log.reports.contains { $0.outcome == .droppedAtShutdown(count: 2) })
        sender.send(event("late"))
        #expect(log.reports.last?.outcome == .droppedAtShutdown(count: 1))
        #expect(await sender.drain(within: 1) == 0)
        let seen = receiver.arrivals.count
        try await Task.sleep(for: .milliseconds(1500))
        #expect(receiver.arrivals.count == seen, "nothing is sent after the drain")
    }

    @Test("a drain with nothing pending returns at once")
    func emptyDrain() async throws {
        let receiver = try ScriptedReceiver([])
        let sender = try sender(receiver, log: SenderLog())
        let started = ContinuousClock.now
        #expect(await sender.drain(within: 5) == 0)
        sender.send(event("after"))
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(receiver.arrivals.isEmpty)
    }
}
