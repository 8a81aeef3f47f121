import EveryAuthTestSupport
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// A fake PostgreSQL server that speaks just enough of the protocol (v3.0) to see what a client
/// sends before and during authentication: the SSLRequest, the startup message and any
/// PasswordMessage. It shares no code with the client: every wire literal here is its own, so a
/// client that writes the wrong bytes (or the password to the wrong peer) fails the test.
///
/// After a password it accepts the login (AuthenticationOk, BackendKeyData, ReadyForQuery) and then
/// answers every query with an error, so a client that got that far fails with that error's text:
/// proof that the connection proceeded.
public final class FakePostgresServer: Sendable {
    /// What the server answers to an SSLRequest.
    public enum TLSAnswer: Sendable {
        /// `N`: no TLS here; the client may go on in plain text.
        case decline
        /// `S`, then a TLS handshake with this certificate chain and key (PEM files).
        case accept(certificate: String, key: String)
    }

    /// How the server asks the client to authenticate.
    public enum AuthenticationRequest: Sendable {
        /// AuthenticationCleartextPassword (3): the password itself in the next message.
        case cleartext
        /// AuthenticationMD5Password (5) with a salt.
        case md5
        /// AuthenticationSASL (10) offering SCRAM-SHA-256; the fake ends the exchange after the
        /// client's first SCRAM message (it implements no SCRAM).
        case scram
    }

    /// What the server saw, in order, on any connection.
    public enum Event: Sendable, Equatable {
        case connected
        case sslRequest
        /// The TLS handshake completed (the client accepted the certificate).
        case tlsEstablished
        case startup(user: String, database: String)
        /// A PasswordMessage: the cleartext password, or `md5...` for MD5.
        case password(String)
        /// A SASLInitialResponse naming its mechanism (no password in it).
        case saslInitialResponse(mechanism: String)
        /// A query after the login (simple or extended).
        case query
        /// Terminate: the client said goodbye before closing, rather than dropping the socket.
        case terminate
    }

    /// The message the fake answers every query with.
    public static let queryRefusal = "the fake PostgreSQL server answers no queries"

    /// The accepted connections, closed with the server.
    private final class Children: Sendable {
        let channels = Mutex<[any Channel]>([])
    }

    private let channel: any Channel
    private let children: Children
    /// The address it listens on.
    public let host: String
    /// The port it listens on (picked by the kernel).
    public let port: Int
    /// Everything clients sent, as events.
    public let events: Recorder<Event>

    /// Starts listening on `host` (an IP address of this machine; 127.0.0.1 unless a test needs
    /// another) at a free port.
    public init(host: String = "127.0.0.1", tls: TLSAnswer, authentication: AuthenticationRequest) async throws {
        let events = Recorder<Event>()
        let children = Children()
        let context: NIOSSLContext?
        switch tls {
        case .decline:
            context = nil
        case .accept(let certificate, let key):
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))))
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                children.channels.withLock { $0.append(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        Connection(tls: context, authentication: authentication, events: events))
                }
            }
        channel = try await bootstrap.bind(host: host, port: 0).get()
        self.children = children
        self.events = events
        self.host = host
        self.port = channel.localAddress?.port ?? 0
    }

    /// Every password the server received.
    public var passwords: [String] {
        events.all.compactMap { if case .password(let text) = $0 { return text } else { return nil } }
    }

    /// Stops listening and closes every connection.
    public func close() async {
        try? await channel.close()
        for child in children.channels.withLock({ $0 }) { try? await child.close() }
    }

    /// One client connection: a small state machine over the bytes received.
    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private enum Phase {
            /// Untyped messages: SSLRequest or StartupMessage.
            case startup
            /// Typed messages while logging in.
            case authenticating
            /// Typed messages after the login.
            case ready
        }

        private let tls: NIOSSLContext?
        private let authentication: AuthenticationRequest
        private let events: Recorder<Event>
        private var phase = Phase.startup
        private var received: ByteBuffer?

        init(tls: NIOSSLContext?, authentication: AuthenticationRequest, events: Recorder<Event>) {
            self.tls = tls
            self.authentication = authentication
            self.events = events
        }

        func channelActive(context: ChannelHandlerContext) {
            events.record(.connected)
            context.fireChannelActive()
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { events.record(.tlsEstablished) }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A client that refuses our certificate ends the handshake: nothing more to see.
            context.close(promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            if received == nil { received = incoming } else { received!.writeBuffer(&incoming) }
            while let message = nextMessage() {
                handle(message, context: context)
                if !context.channel.isActive { return }
            }
        }

        /// One whole message from what was received: (type, payload); type 0 for untyped ones.
        private func nextMessage() -> (type: UInt8, payload: ByteBuffer)? {
            guard var buffer = received else { return nil }
            let typed = phase != .startup
            let headerSize = typed ? 5 : 4
            guard buffer.readableBytes >= headerSize else { return nil }
            let start = buffer.readerIndex
            let type: UInt8 = typed ? buffer.getInteger(at: start)! : 0
            let length = Int(buffer.getInteger(at: start + headerSize - 4, as: Int32.self)!)
            guard length >= 4, buffer.readableBytes >= headerSize - 4 + length else { return nil }
            buffer.moveReaderIndex(forwardBy: headerSize)
            let payload = buffer.readSlice(length: length - 4)!
            received = buffer.readableBytes > 0 ? buffer : nil
            return (type, payload)
        }

        private func handle(_ message: (type: UInt8, payload: ByteBuffer), context: ChannelHandlerContext) {
            var payload = message.payload
            switch phase {
            case .startup:
                let code = payload.readInteger(as: Int32.self) ?? 0
                if code == 80_877_103 {
                    events.record(.sslRequest)
                    answerSSLRequest(context: context)
                } else if code == 196_608 {
                    var parameters: [String: String] = [:]
                    while let name = payload.readNullTerminatedString(), !name.isEmpty,
                          let value = payload.readNullTerminatedString() {
                        parameters[name] = value
                    }
                    events.record(.startup(user: parameters["user"] ?? "", database: parameters["database"] ?? ""))
                    phase = .authenticating
                    askForPassword(context: context)
                } else {
                    context.close(promise: nil)
                }
            case .authenticating:
                guard message.type == UInt8(ascii: "p") else { context.close(promise: nil); return }
                switch authentication {
                case .cleartext, .md5:
                    events.record(.password(payload.readNullTerminatedString() ?? ""))
                    acceptLogin(context: context)
                case .scram:
                    events.record(.saslInitialResponse(mechanism: payload.readNullTerminatedString() ?? ""))
                    send(error: "28P01", "SCRAM is not implemented by the fake", fatal: true, context: context)
                    context.close(promise: nil)
                }
            case .ready:
                switch message.type {
                case UInt8(ascii: "Q"):
                    events.record(.query)
                    send(error: "XX000", FakePostgresServer.queryRefusal, fatal: false, context: context)
                    sendReady(context: context)
                case UInt8(ascii: "P"):
                    events.record(.query)
                case UInt8(ascii: "S"):
                    // The extended protocol's Sync: the error for what came before it, then ready again.
                    send(error: "XX000", FakePostgresServer.queryRefusal, fatal: false, context: context)
                    sendReady(context: context)
                case UInt8(ascii: "X"):
                    events.record(.terminate)
                    context.close(promise: nil)
                default:
                    break
                }
            }
        }

        private func answerSSLRequest(context: ChannelHandlerContext) {
            guard let tls else {
                write([UInt8(ascii: "N")], context: context)
                return
            }
            write([UInt8(ascii: "S")], context: context)
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
            } catch {
                context.close(promise: nil)
            }
        }

        private func askForPassword(context: ChannelHandlerContext) {
            switch authentication {
            case .cleartext:
                send(UInt8(ascii: "R"), int32(3), context: context)
            case .md5:
                send(UInt8(ascii: "R"), int32(5) + [0x01, 0x02, 0x03, 0x04], context: context)
            case .scram:
                send(UInt8(ascii: "R"), int32(10) + Array("SCRAM-SHA-256".utf8) + [0, 0], context: context)
            }
        }

        private func acceptLogin(context: ChannelHandlerContext) {
            phase = .ready
            send(UInt8(ascii: "R"), int32(0), context: context)
            send(UInt8(ascii: "S"), Array("server_version\u{0}15.0\u{0}".utf8), context: context)
            send(UInt8(ascii: "K"), int32(4242) + int32(1_234_567), context: context)
            sendReady(context: context)
        }

        private func sendReady(context: ChannelHandlerContext) {
            send(UInt8(ascii: "Z"), [UInt8(ascii: "I")], context: context)
        }

        private func send(error code: String, _ text: String, fatal: Bool, context: ChannelHandlerContext) {
            let severity = fatal ? "FATAL" : "ERROR"
            var fields: [UInt8] = []
            for (field, value) in [("S", severity), ("V", severity), ("C", code), ("M", text)] {
                fields += Array(field.utf8) + Array(value.utf8) + [0]
            }
            send(UInt8(ascii: "E"), fields + [0], context: context)
        }

        private func send(_ type: UInt8, _ payload: [UInt8], context: ChannelHandlerContext) {
            write([type] + int32(payload.count + 4) + payload, context: context)
        }

        private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        }

        private func int32(_ value: Int) -> [UInt8] {
            withUnsafeBytes(of: Int32(value).bigEndian) { Array($0) }
        }
    }
}
