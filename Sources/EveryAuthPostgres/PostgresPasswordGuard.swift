import EveryAuthCore
import PostgresNIO

/// Refuses a server's request for the password in cleartext or as an MD5 hash before PostgresNIO
/// answers it: libpq's `require_auth=scram-sha-256`, which PostgresNIO lacks (it answers whatever
/// the server asks). Used where the server is not verified and nobody chose that (the loopback
/// default); SCRAM, which never reveals the password, passes.
///
/// It reads the server's messages up to AuthenticationOk, then leaves the pipeline. It must see
/// them decrypted: PostgresNIO puts its TLS handler in front of itself when the server answers
/// the SSLRequest with `S`, so the guard moves behind that handler then.
final class PostgresPasswordGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Why the guard ended the connection.
    enum Refusal: Error, Equatable {
        /// The server asked for the password in cleartext (`true`) or as MD5 (`false`).
        case passwordRequested(cleartext: Bool)
        /// A message no server sends before the login (or one too large to hold): not PostgreSQL.
        case unexpectedMessage
    }

    private enum Phase {
        /// The one-byte answer to the SSLRequest comes first.
        case sslAnswer
        /// Typed messages up to AuthenticationOk.
        case messages
        /// Refused: nothing more goes through.
        case refused
    }

    /// Messages before the login are small (a request, an error, a notice); a bigger one is refused
    /// rather than held.
    private static let largestMessage = 64 * 1024

    private var phase: Phase
    /// Received bytes not yet passed on: the start of a message whose end has not arrived.
    private var held: ByteBuffer?

    init(expectsSSLAnswer: Bool) {
        phase = expectsSSLAnswer ? .sslAnswer : .messages
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        switch phase {
        case .refused:
            return
        case .sslAnswer:
            guard let answer = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
            if answer == UInt8(ascii: "S") {
                // PostgresNIO adds its TLS handler while reading this (and refuses any byte after it).
                context.fireChannelRead(data)
                moveBehindTLS(context: context)
                return
            }
            context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: 1)!))
            phase = .messages
            if buffer.readableBytes > 0 { inspect(buffer, context: context) }
        case .messages:
            inspect(buffer, context: context)
        }
    }

    /// Passes on every whole message that is not a request for the password in a form that reveals it.
    private func inspect(_ incoming: ByteBuffer, context: ChannelHandlerContext) {
        var buffer = incoming
        if var earlier = held {
            earlier.writeBuffer(&buffer)
            buffer = earlier
            held = nil
        }
        var checked = 0
        while buffer.readableBytes - checked >= 5 {
            let start = buffer.readerIndex + checked
            let type = buffer.getInteger(at: start, as: UInt8.self)!
            let length = Int(buffer.getInteger(at: start + 1, as: UInt32.self)!)
            // Before the login a server sends Authentication (R), ErrorResponse (E), NoticeResponse (N)
            // or NegotiateProtocolVersion (v).
            guard [UInt8(ascii: "R"), UInt8(ascii: "E"), UInt8(ascii: "N"), UInt8(ascii: "v")].contains(type),
                  (4...Self.largestMessage).contains(length) else {
                return refuse(.unexpectedMessage, context: context)
            }
            guard buffer.readableBytes - checked >= 1 + length else { break }
            if type == UInt8(ascii: "R") {
                guard length >= 8 else { return refuse(.unexpectedMessage, context: context) }
                switch buffer.getInteger(at: start + 5, as: Int32.self)! {
                case 3: return refuse(.passwordRequested(cleartext: true), context: context)
                case 5: return refuse(.passwordRequested(cleartext: false), context: context)
                case 0:
                    // AuthenticationOk: what follows is the session's, not ours to read.
                    context.fireChannelRead(wrapInboundOut(buffer))
                    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                    return
                default:
                    break
                }
            }
            checked += 1 + length
        }
        if checked > 0 { context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: checked)!)) }
        if buffer.readableBytes > 0 { held = buffer }
    }

    private func refuse(_ refusal: Refusal, context: ChannelHandlerContext) {
        phase = .refused
        held = nil
        context.fireErrorCaught(refusal)
        context.close(promise: nil)
    }

    /// Puts a guard for the messages right behind PostgresNIO's TLS handler and leaves.
    private func moveBehindTLS(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        guard context.channel.isActive, let tls = try? pipeline.handler(type: NIOSSLClientHandler.self) else {
            // No TLS handler: PostgresNIO refused the answer and is closing the connection.
            phase = .messages
            return
        }
        do {
            try pipeline.addHandler(PostgresPasswordGuard(expectsSSLAnswer: false), position: .after(tls))
            pipeline.removeHandler(context: context, promise: nil)
        } catch {
            refuse(.unexpectedMessage, context: context)
        }
    }
}
