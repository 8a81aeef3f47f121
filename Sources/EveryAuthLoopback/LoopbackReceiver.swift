import EveryAuthCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The redirect target of RFC 8252's loopback flow: an HTTP/1.1 listener on 127.0.0.1 only
/// (never another interface) that answers callbacks and reports the one that ends the flow.
public final class LoopbackReceiver: Sendable {
    /// Where a successful callback's browser goes: a thank-you page, or a 302 to this address.
    public let finishedURL: String?
    /// The port it listens on.
    public let port: Int
    /// The checks every callback goes through.
    package let parser: CallbackParser

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let result: FlowResultBox

    /// Bytes a connection may send in all; a callback is one short GET.
    static let maxConnectionBytes = 16 * 1024
    /// Connections open at once; a new one beyond this closes the oldest, so idle or slow clients
    /// can neither exhaust the process's file descriptors nor keep the real callback out.
    static let defaultMaxConnections = 32
    /// Time a connection has to send a complete request (again after each answer): a browser
    /// sends its callback at once, so a quiet connection is only holding a descriptor.
    static let defaultRequestTimeout = TimeAmount.seconds(5)

    /// Binds 127.0.0.1:`port` (0: any free port); fails with `OAuthError.portInUse` when taken.
    /// The socket is bound with `SO_REUSEADDR`, so a fixed port can be used again at once after
    /// a flow ended (its closed connections linger in TIME_WAIT for a minute).
    init(port requestedPort: Int, state: String, finishedURL: String?, result: FlowResultBox,
         maxConnections: Int = LoopbackReceiver.defaultMaxConnections,
         requestTimeout: TimeAmount = LoopbackReceiver.defaultRequestTimeout) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let registry = ConnectionRegistry(limit: max(1, maxConnections))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 128)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // An accepted connection's local port is the listener's, known only once it is bound.
                    guard let port = channel.localAddress?.port else { throw ChannelError.ioOnClosedChannel }
                    let parser = CallbackParser(port: port, expectedState: state)
                    try channel.pipeline.syncOperations.addHandler(SizeLimitHandler(limit: Self.maxConnectionBytes))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ConnectionGuard(registry: registry, timeout: requestTimeout))
                    try channel.pipeline.syncOperations.addHandler(
                        CallbackHandler(parser: parser, finishedURL: finishedURL, result: result))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: requestedPort).get()
        } catch {
            try? await group.shutdownGracefully()
            if let error = error as? IOError, error.errnoCode == EADDRINUSE || error.errnoCode == EACCES {
                throw OAuthError.portInUse(port: requestedPort)
            }
            throw error
        }
        let port = channel.localAddress?.port ?? requestedPort
        parser = CallbackParser(port: port, expectedState: state)
        self.port = port
        self.channel = channel
        self.group = group
        self.finishedURL = finishedURL
        self.result = result
    }

    /// Stops listening and closes every connection.
    func close() async {
        try? await channel.close().get()
        try? await group.shutdownGracefully()
    }
}

/// The connections open now, oldest first, for the cap of `LoopbackReceiver`.
private final class ConnectionRegistry: Sendable {
    private let limit: Int
    private let open = Mutex<[any Channel]>([])

    init(limit: Int) { self.limit = limit }

    /// Counts `channel` in; past the limit the oldest connection is closed to make room.
    func admit(_ channel: any Channel) {
        let evicted = open.withLock { open -> [any Channel] in
            open.append(channel)
            let excess = open.count - limit
            guard excess > 0 else { return [] }
            defer { open.removeFirst(excess) }
            return Array(open.prefix(excess))
        }
        for old in evicted { old.close(promise: nil) }
    }

    /// Counts `channel` out once it has closed.
    func remove(_ channel: any Channel) {
        open.withLock { open in open.removeAll { $0 === channel } }
    }
}

/// Enforces the request deadline on one connection and keeps it in the registry while it is open.
private final class ConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    private let registry: ConnectionRegistry
    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(registry: ConnectionRegistry, timeout: TimeAmount) {
        self.registry = registry
        self.timeout = timeout
    }

    func channelActive(context: ChannelHandlerContext) {
        registry.admit(context.channel)
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A complete request was answered: the next one gets a deadline of its own.
        if case .end = unwrapInboundIn(data) { arm(context) }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}

/// Closes a connection that sends more than `limit` bytes: nothing legitimate is that long.
private final class SizeLimitHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let limit: Int
    private var received = 0

    init(limit: Int) { self.limit = limit }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        guard received <= limit else {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}

/// Answers each request on one connection and hands the flow's outcome to the box.
private final class CallbackHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let parser: CallbackParser
    private let finishedURL: String?
    private let result: FlowResultBox
    private var head: HTTPRequestHead?

    init(parser: CallbackParser, finishedURL: String?, result: FlowResultBox) {
        self.parser = parser
        self.finishedURL = finishedURL
        self.result = result
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break // A callback has no body; the size limit bounds what arrives.
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard parser.acceptsHost(head.headers.first(name: "Host")) else {
            write(context, head, status: .badRequest, page: CallbackPage.failure("the request was not addressed to 127.0.0.1:\(parser.port)"))
            return
        }
        let uri = head.uri
        let mark = uri.firstIndex(of: "?")
        let path = String(uri[..<(mark ?? uri.endIndex)])
        let query = mark.map { String(uri[uri.index(after: $0)...]) } ?? ""
        guard head.method == .GET else {
            write(context, head, status: path == CallbackParser.path ? .methodNotAllowed : .notFound, page: CallbackPage.failure("not found"))
            return
        }
        let outcome = parser.evaluate(path: path, query: query)
        switch outcome {
        case .ignored(let status, let reason):
            write(context, head, status: HTTPResponseStatus(statusCode: status), page: CallbackPage.failure(reason))
        case .denied where result.isFinished, .code where result.isFinished:
            // A second answer after the first one ended the flow changes nothing.
            write(context, head, status: .badRequest, page: CallbackPage.failure("this authorization has already finished"))
        case .denied(let error, let description):
            let failure = OAuthError.denied(error: error, description: description)
            write(context, head, status: .ok, page: CallbackPage.failure(failure.errorDescription ?? error)) { [result] in
                result.finish(.failure(failure))
            }
        case .code(let code):
            let done: @Sendable () -> Void = { [result] in result.finish(.success(code)) }
            if let finishedURL {
                write(context, head, status: .found, page: "", extraHeaders: [("Location", finishedURL)], then: done)
            } else {
                write(context, head, status: .ok, page: CallbackPage.success, then: done)
            }
        }
    }

    private func write(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, status: HTTPResponseStatus, page: String,
        extraHeaders: [(String, String)] = [], then: (@Sendable () -> Void)? = nil
    ) {
        var headers = HTTPHeaders([
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", String(page.utf8.count)),
        ] + BrowserPage.securityHeaders.map { ($0.name, $0.value) })
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let keepAlive = request.isKeepAlive && then == nil
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: page.utf8.count)
        buffer.writeString(page)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
            // Only once the browser has its page: the flow then closes the listener.
            then?()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The pages the browser shows (`BrowserPage`): plain HTML, no external resources, nothing secret.
enum CallbackPage {
    /// Shown when the flow succeeded.
    static let success = BrowserPage.html(
        title: "Authorized", message: "Thank you for authorizing access to PagerDuty! You can close this window and return to the terminal.")

    /// Shown for anything else, with the reason.
    static func failure(_ reason: String) -> String {
        BrowserPage.html(title: "everyauth", message: reason)
    }
}
