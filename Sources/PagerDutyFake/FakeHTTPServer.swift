import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request as the fake servers see it.
public struct FakeRequest: Sendable {
    public var method: String
    /// Path without the query.
    public var path: String
    /// The raw query string (without `?`), empty when none.
    public var query: String
    public var headers: [(String, String)]
    public var body: Data
    /// Which accepted connection this came on (to check keep-alive).
    public var connectionID: Int

    public init(method: String, path: String, query: String = "", headers: [(String, String)] = [], body: Data = Data(), connectionID: Int = 0) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
    }

    /// The last value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.last { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// The query's name/value pairs, in order, repeats kept.
    public var queryItems: [(String, String)] {
        FakeForm.decode(query)
    }

    /// The body's form fields (application/x-www-form-urlencoded).
    public var formFields: [(String, String)] {
        FakeForm.decode(String(decoding: body, as: UTF8.self))
    }
}

/// What a fake server answers.
public struct FakeResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// Wait this long before answering (latency simulation).
    public var delay: TimeInterval
    /// Close the connection after this response.
    public var close: Bool
    /// Close the connection instead of answering (the request was received and handled).
    public var dropConnection = false
    /// Whether `RESTServer.refusals` records this answer as the client breaking the documented
    /// contract; nil decides by status (400, 405, 406 and 415 are recorded, 404 is not).
    var refusal: Bool?

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data(), delay: TimeInterval = 0, close: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.close = close
    }

    /// A JSON answer.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }

    /// A JSON answer from the fake's own JSON values.
    public static func json(_ status: Int, _ value: FakeJSON, headers: [(String, String)] = []) -> FakeResponse {
        json(status, value.text, headers: headers)
    }

    /// A JSON answer from Foundation objects (dictionaries, arrays, strings, numbers), for tests that
    /// stand up a server of their own; an object JSONSerialization cannot encode answers an empty body.
    public static func json(_ status: Int, object: Any, headers: [(String, String)] = []) -> FakeResponse {
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            data = Data()
        }
        return FakeResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: data)
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 (never another interface) for tests and benchmarks.
/// Each request is handed to `handler`; responses keep the connection alive unless told not to.
public final class FakeHTTPServer: Sendable {
    public typealias Handler = @Sendable (FakeRequest) async -> FakeResponse

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port it listens on.
    public let port: Int

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening on 127.0.0.1:`port` (0: any free port).
    public init(port: Int = 0, threads: Int = 2, handler: @escaping Handler) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let counter = ConnectionCounter()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let id = counter.next()
                // Runs on the connection's event loop: the handler is made there and never leaves it.
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(handler: handler, connectionID: id))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    /// A port on 127.0.0.1 that was free a moment ago, for a test that must register a fixed
    /// redirect URI before the listener that uses it starts (listeners set `SO_REUSEADDR`).
    ///
    /// Picked below the kernel's ephemeral range (32768 and up on Linux), where neither port-0
    /// listeners nor the local ends of outgoing connections land: a port handed out there could be
    /// taken by another test running in parallel before the caller binds it.
    public static func freePort() throws -> Int {
        var generator = SystemRandomNumberGenerator()
        var lastError: (any Error)?
        for _ in 0..<64 {
            let candidate = Int.random(in: 20_000...32_767, using: &generator)
            do {
                let probe = try FakeHTTPServer(port: candidate, threads: 1) { _ in FakeResponse(status: 404) }
                probe.shutdown()
                return candidate
            } catch {
                lastError = error
            }
        }
        throw lastError ?? CancellationError()
    }

    /// Stops listening and closes every connection.
    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Numbers accepted connections from 1, across the event loops.
private final class ConnectionCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}

/// Collects one request's parts on its connection's event loop (not `Sendable`: it stays there)
/// and hands the whole request to the server's handler.
private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: FakeHTTPServer.Handler
    private let connectionID: Int
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping FakeHTTPServer.Handler, connectionID: Int) {
        self.handler = handler
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            let uri = head.uri
            let path: String
            let query: String
            if let mark = uri.firstIndex(of: "?") {
                path = String(uri[..<mark])
                query = String(uri[uri.index(after: mark)...])
            } else {
                path = uri
                query = ""
            }
            let request = FakeRequest(
                method: head.method.rawValue, path: path, query: query,
                headers: head.headers.map { ($0.name, $0.value) }, body: body, connectionID: connectionID)
            let keepAlive = head.isKeepAlive
            let version = head.version
            let channel = context.channel
            let handler = self.handler
            let loop = context.eventLoop
            FakeServerExecutor.shared.start {
                let response = await handler(request)
                if response.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(response.delay * 1e9)) }
                loop.execute {
                    RequestHandler.write(response, on: channel, version: version, keepAlive: keepAlive && !response.close)
                }
            }
        }
    }

    private static func write(_ response: FakeResponse, on channel: any Channel, version: HTTPVersion, keepAlive: Bool) {
        if response.dropConnection {
            channel.close(promise: nil)
            return
        }
        var headers = HTTPHeaders(response.headers)
        if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(response.body.count)) }
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        if !response.body.isEmpty {
            var buffer = channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            channel.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
        let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive { done.whenComplete { _ in channel.close(promise: nil) } }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Runs the fake servers' handlers on threads of their own, never on Swift's cooperative pool:
/// tests block that pool (it has one thread per core) while they wait for child processes, and a
/// fake that needed it would then stall the very requests the test waits for.
///
/// Its workers wait on a counting semaphore, not a condition variable: the semaphore counts queued
/// jobs, so a worker that gets past it always finds one in the `Mutex`-guarded queue, and `Mutex`
/// stays the only lock (the tests' `ChildProcessExecutor` is built the same way).
final class FakeServerExecutor: TaskExecutor {
    static let shared = FakeServerExecutor(threads: 4)

    /// Jobs not yet run, in the order they came.
    private let jobs = Mutex<[UnownedJob]>([])
    /// Counts queued jobs, so idle workers sleep while there are none.
    private let pending = DispatchSemaphore(value: 0)

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "fake-server-\(index)"
            thread.start()
        }
    }

    /// Starts `body` as a task that prefers this executor.
    func start(_ body: @escaping @Sendable () async -> Void) {
        Task(executorPreference: self) { await body() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        pending.signal()
    }

    private func work() {
        while true {
            pending.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
