import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one connection to `everyauth serve` may hold (SPEC §7): silent, slow or idle connections
/// are closed after `timeout`, and past `maxConnections` open at once the one idle the longest is
/// closed to make room, so that neither a few hundred held sockets nor a low descriptor limit keep
/// the proxy's next request (or `/healthz`) out.
public struct ConnectionLimits: Sendable {
    /// The longest a connection may stay idle, or take to send a request's header (and then its
    /// body): from the moment it opens or its last answer is written.
    public var timeout: Duration
    /// Connections open at once.
    public var maxConnections: Int

    public init(timeout: Duration = .seconds(30), maxConnections: Int = ConnectionLimits.defaultMaxConnections()) {
        self.timeout = timeout
        self.maxConnections = max(1, maxConnections)
    }

    /// Half the process's descriptor limit (`ulimit -n`), at most 1,024: the other half is left for
    /// the store, the token endpoint's connections and the runtime.
    public static func defaultMaxConnections() -> Int {
        #if canImport(Glibc)
        let resource = Int32(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 256 }
        let soft = limit.rlim_cur == rlim_t.max ? 2_048 : Int(clamping: limit.rlim_cur)  // rlim_t.max: RLIM_INFINITY
        return min(1_024, max(1, soft / 2))
    }
}

/// Hummingbird's HTTP/1 child channel with a `ConnectionGuard` on every connection, between the
/// HTTP/1 decoder and Hummingbird's own codec, where requests and answers are whole parts.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let registry: ConnectionRegistry
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(ConnectionGuard(registry: registry, timeout: timeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// The connections open now and since when each has been idle, for the cap of `ConnectionLimits`.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// Nil while a request is being read or answered.
        var idleSince: ContinuousClock.Instant?
    }

    private let limit: Int
    private let open = Mutex<[ObjectIdentifier: Entry]>([:])

    init(limit: Int) { self.limit = max(1, limit) }

    /// Counts `channel` in (idle); past the limit the connection idle the longest is closed, or
    /// `channel` itself when every other one is answering a request.
    func admit(_ channel: any Channel) {
        let now = ContinuousClock.now
        let evicted = open.withLock { open -> (any Channel)? in
            open[ObjectIdentifier(channel)] = Entry(channel: channel, idleSince: now)
            guard open.count > limit else { return nil }
            let oldest = open.filter { $0.value.idleSince != nil && $0.key != ObjectIdentifier(channel) }
                .min { $0.value.idleSince! < $1.value.idleSince! }
            let victim = oldest?.key ?? ObjectIdentifier(channel)
            return open.removeValue(forKey: victim)?.channel
        }
        evicted?.close(promise: nil)
    }

    /// Marks `channel` busy (a request arrived) or idle (its last answer was written).
    func mark(_ channel: any Channel, idle: Bool) {
        open.withLock { open in open[ObjectIdentifier(channel)]?.idleSince = idle ? ContinuousClock.now : nil }
    }

    /// Counts `channel` out once it has closed.
    func remove(_ channel: any Channel) {
        _ = open.withLock { open in open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Connections counted now (tests).
    var count: Int { open.withLock { $0.count } }
}

/// One connection's deadlines and its place in the registry. A deadline runs whenever the server
/// is waiting on the client: from the connection's start or its last answer until a request's
/// header has arrived, and again from the header until the request's end. None runs while a
/// request is being answered (a callback may wait on the token endpoint).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: ConnectionRegistry
    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var started = false
    /// Requests whose answer has not been written yet (HTTP/1.1 pipelining allows several).
    private var answering = 0
    /// A request's header arrived and its end has not.
    private var reading = false

    init(registry: ConnectionRegistry, timeout: TimeAmount) {
        self.registry = registry
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            answering += 1
            reading = true
            registry.mark(context.channel, idle: false)
            arm(context)
        case .body:
            break
        case .end:
            reading = false
            if answering == 0 {
                // Answered before its end arrived (a refusal): waiting on the client again.
                becomeIdle(context)
            } else {
                deadline?.cancel()
                deadline = nil
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            answering = max(0, answering - 1)
            if answering == 0 && !reading { becomeIdle(context) }
        }
        context.write(data, promise: promise)
    }

    private func becomeIdle(_ context: ChannelHandlerContext) {
        registry.mark(context.channel, idle: true)
        arm(context)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        registry.admit(context.channel)
        arm(context)
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}
