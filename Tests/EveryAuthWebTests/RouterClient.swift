import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

/// Sends requests straight to an application's responder, in-process: no socket and no HTTP client,
/// the way Hummingbird's own server hands a parsed request to it (an error that is not an
/// `HTTPResponseError` becomes an empty 500, as there).
///
/// HummingbirdTesting's `.router` mode does the same, but that product links AsyncHTTPClient and with
/// it NIOHTTP2, compression and SOCKS: minutes of every clean CI build for a dozen GET requests.
struct RouterClient<Responder: HTTPResponder>: Sendable
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let logger: Logger

    /// Sends `method uri` with `headers` and an empty body from `peer` (the proxy on 127.0.0.1
    /// unless given); `uri` is the path and query.
    func execute(uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], peer: String = "127.0.0.1") async throws -> Answer {
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer()))
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: peer, port: 40_000)
        let context = Responder.Context(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        let collected = CollectedBody()
        try await response.body.write(CollectingWriter(collected: collected))
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: collected.bytes))
    }

    /// GET `uri` as `user` (no user header when nil), with an `X-Test-Tag` when given.
    func get(_ uri: String, user: String?, tag: String? = nil) async throws -> Answer {
        var headers = HTTPFields()
        if let user { headers[WebFixture.userHeader] = user }
        if let tag { headers[HTTPField.Name("X-Test-Tag")!] = tag }
        return try await execute(uri: uri, headers: headers)
    }
}

/// The bytes a response body wrote, in order.
private final class CollectedBody: Sendable {
    private let buffer = Mutex(ByteBuffer())

    func append(_ part: ByteBuffer) { buffer.withLock { _ = $0.writeImmutableBuffer(part) } }
    var bytes: ByteBuffer { buffer.withLock { $0 } }
}

private struct CollectingWriter: ResponseBodyWriter {
    let collected: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws { collected.append(buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension ApplicationProtocol where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    /// Runs `body` with a client of this application's responder. The application's services are not
    /// started: the route group needs none.
    func withRouterClient<Value>(_ body: (RouterClient<Responder>) async throws -> Value) async throws -> Value {
        guard services.isEmpty else { throw RouterClientError.servicesNotStarted(services.count) }
        return try await body(RouterClient(responder: try await responder, logger: logger))
    }
}

enum RouterClientError: Error {
    /// The application has services (a database, a timer) that an in-process client would not run.
    case servicesNotStarted(Int)
}
