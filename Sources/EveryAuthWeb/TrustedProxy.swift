import Foundation
import Hummingbird
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An address or network (`ADDR[/PREFIX]`) whose requests `everyauth serve` answers: the
/// authenticating proxy in front, the only peer allowed to say who the user is (SPEC §2 "serve").
/// Any other peer gets 403, whatever headers it sends. An IPv4 peer that reaches a dual-stack
/// listener as `::ffff:a.b.c.d` is judged as `a.b.c.d`.
public struct TrustedProxy: Sendable, Hashable, CustomStringConvertible {
    /// The network's address: 4 bytes (IPv4) or 16 (IPv6), host bits cleared.
    let network: [UInt8]
    /// How many leading bits a peer must share with `network`.
    let prefixLength: Int

    /// `127.0.0.1` and `::1` exactly: a proxy on the same machine.
    public static let loopback: [TrustedProxy] = [TrustedProxy("127.0.0.1")!, TrustedProxy("::1")!]

    /// `ADDR` (one address) or `ADDR/PREFIX` (a network), IPv4 or IPv6; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.bytes(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var length = bits
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(parts[1]), value <= bits else { return nil }
            length = value
        }
        network = Self.masked(address, length)
        prefixLength = length
    }

    /// True when `peer` is in this network.
    public func contains(_ peer: SocketAddress) -> Bool {
        guard let text = peer.ipAddress, var address = Self.bytes(text) else { return false }
        if address.count == 16, address.prefix(12).elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) {
            address = Array(address.suffix(4))
        }
        return address.count == network.count && Self.masked(address, prefixLength) == network
    }

    /// `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = network.count == 4 ? AF_INET : AF_INET6
        let text = network.withUnsafeBytes { raw in
            guard inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return prefixLength == network.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 literal (no zone, no brackets); nil otherwise.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// `address` with every bit past the first `length` cleared.
    static func masked(_ address: [UInt8], _ length: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let kept = min(8, max(0, length - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }
}

/// Answers 403 to every request whose peer is not a `TrustedProxy`, before any route reads a
/// header, and reports the refusal to `refused` (the server's log).
struct TrustedPeerMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let proxies: [TrustedProxy]
    /// Gets the peer's address (nil when unknown) for each request refused.
    let refused: @Sendable (String?) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let peer = context.remoteAddress, proxies.contains(where: { $0.contains(peer) }) {
            return try await next(request, context)
        }
        refused(context.remoteAddress?.ipAddress)
        return AuthorizationPage.response(
            status: 403, title: "Forbidden",
            message: "This server answers only the proxy in front of it. Open the address your administrator gave you.")
    }
}
