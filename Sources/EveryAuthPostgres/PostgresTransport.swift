import EveryAuthCore
import Foundation
import Logging
import PostgresNIO

/// How the store reaches its server: TCP to the address's host, TLS as `sslmode` says (its
/// context built once), the certificate checked against the host as written in the URL, and, where
/// the password could otherwise reach a server nobody verified, a `PostgresPasswordGuard` between
/// the socket (or TLS) and PostgresNIO.
///
/// What is verified, by mode: `verify-full`: the chain up to `sslrootcert` (else the system's trust
/// store), and that the certificate names the host: a DNS name matching it (wildcards as RFC 6125
/// allows), or, for an IP address host, an IP address SAN equal to it (SNI then carries nothing);
/// `verify-ca`: the chain only; `require` and `prefer`: nothing (encryption only).
struct PostgresTransport: Sendable {
    let address: PostgresAddress
    private let tls: PostgresConnection.Configuration.TLS
    private let connectTimeout: TimeAmount

    /// Builds the TLS context; an unreadable `sslrootcert` is an `InvalidInput`.
    init(address: PostgresAddress, connectTimeout: TimeAmount = .seconds(10)) throws {
        self.address = address
        self.connectTimeout = connectTimeout
        switch address.sslMode {
        case .disable, .allow:
            tls = .disable
        case .prefer, .require, .verifyCA, .verifyFull:
            var settings = TLSConfiguration.makeClientConfiguration()
            switch address.sslMode {
            // With no server name (an IP address host), NIOSSL checks the certificate's IP address
            // SANs against the connected peer's address, which is the URL's address.
            case .verifyFull: settings.certificateVerification = .fullVerification
            case .verifyCA: settings.certificateVerification = .noHostnameVerification
            default: settings.certificateVerification = .none
            }
            if let root = address.sslRootCert { settings.trustRoots = .file(root) }
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: settings)
            } catch {
                throw InvalidInput(.store("store URL \(address.redacted)"), "cannot read the CA certificates (\(error)); check sslrootcert or PGSSLROOTCERT")
            }
            tls = address.sslMode == .prefer ? .prefer(context) : .require(context)
        }
    }

    /// The name SNI carries and the certificate must hold: the host as written, or nil for an IP
    /// address (SNI has no place for one).
    var serverName: String? {
        PostgresAddress.isIPAddress(address.host) ? nil : address.host
    }

    /// A new authenticated connection. The channel is ours (PostgresNIO's own bootstrap takes no
    /// handler), so the guard can sit in front of PostgresNIO when the address needs one.
    func connect(id: Int, logger: Logger) async throws -> PostgresConnection {
        let guarded = address.refusesPasswordToUnverifiedServer
        let expectsSSLAnswer = tls.isAllowed
        let channel = try await ClientBootstrap(group: PostgresConnection.defaultEventLoopGroup)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                guard guarded else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PostgresPasswordGuard(expectsSSLAnswer: expectsSSLAnswer))
                }
            }
            .connect(host: address.host, port: address.port)
            .get()
        var configuration = PostgresConnection.Configuration(
            establishedChannel: channel, tls: tls, username: address.user, password: address.password, database: address.database)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.tlsServerName = serverName
        do {
            return try await PostgresConnection.connect(on: channel.eventLoop, configuration: configuration, id: id, logger: logger)
        } catch {
            try? await channel.close()
            throw error
        }
    }
}

extension PostgresAddress {
    /// One connection to this address, as the store makes them (TLS, verification, the password
    /// guard); for tests that set up a database beside the store.
    package func connect(logger: Logger) async throws -> PostgresConnection {
        try await PostgresTransport(address: self).connect(id: 1, logger: logger)
    }
}
