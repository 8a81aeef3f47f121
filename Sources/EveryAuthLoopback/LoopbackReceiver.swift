import EveryAuthCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The redirect target of RFC 8252's loopback flow: an HTTP/1.1 listener on 127.0.0.1 only
/// (never another interface) that answers callbacks and reports the one that ends the flow.
public final class LoopbackReceiver: Sendable {
    /// Where a successful callback's browser goes: a thank-you page, or a 302 to this address.
    public let finishedURL: String?
    /// The port it listens on.
    public let port: Int
    /// The checks every callback goes through.
    public let parser: CallbackParser

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let result: FlowResultBox

    /// Bytes a connection may send in all; a callback is one short GET.
    static let maxConnectionBytes = 16 * 1024

    /// Binds 127.0.0.1:`port` (0: any free port); fails with `OAuthError.portInUse` when taken.
    init(port requestedPort: Int, state: String, finishedURL: String?, result: FlowResultBox) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let portBox = PortBox()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SizeLimitHandler(limit: Self.maxConnectionBytes))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        CallbackHandler(parser: portBox.parser!, finishedURL: finishedURL, result: result))
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
        portBox.parser = parser
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

/// The parser, known only once the port is bound; connections arrive after that.
private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: CallbackParser?
    var parser: CallbackParser? {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}

/// Closes a connection that sends more than `limit` bytes: nothing legitimate is that long.
private final class SizeLimitHandler: ChannelInboundHandler, @unchecked Sendable {
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
private final class CallbackHandler: ChannelInboundHandler, @unchecked Sendable {
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
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", "default-src 'none'"),
        ])
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

/// The pages the browser shows: plain HTML, no external resources, nothing secret.
enum CallbackPage {
    /// Shown when the flow succeeded.
    static let success = page(title: "Authorized", text: "Thank you for authorizing access to PagerDuty! You can close this window and return to the terminal.")

    /// Shown for anything else, with the reason.
    static func failure(_ reason: String) -> String {
        page(title: "everyauth", text: reason)
    }

    private static func page(title: String, text: String) -> String {
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(escape(title))</title></head>"
            + "<body><p>\(escape(text))</p></body></html>\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
