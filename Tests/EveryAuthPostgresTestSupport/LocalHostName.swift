import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A name of this machine that is neither `localhost` nor an IP literal, with the IPv4 address it
/// resolves to: how a test reaches a server on this machine the way a client reaches a remote one
/// (a store URL's host is judged by its text, so such a name counts as a network host).
public struct LocalHostName: Sendable {
    /// The name (the machine's host name, or another name `/etc/hosts` gives a 127/8 address).
    public let name: String
    /// The IPv4 address it resolves to; a test server listens there.
    public let address: String

    /// The first usable name: the machine's host name, else a 127/8 name from `/etc/hosts`.
    public static func find() throws -> LocalHostName {
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        if gethostname(&buffer, buffer.count) == 0 {
            candidates.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        if let hosts = try? String(contentsOfFile: "/etc/hosts", encoding: .utf8) {
            for line in hosts.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let first = fields.first, first.hasPrefix("127.") else { continue }
                candidates += fields.dropFirst().prefix { !$0.hasPrefix("#") }.map(String.init)
            }
        }
        for name in candidates where !name.isEmpty && !name.lowercased().hasPrefix("localhost") && name.contains(where: \.isLetter) {
            if let address = resolve(name), canBind(address) { return LocalHostName(name: name, address: address) }
        }
        throw PostgresTestError("no name of this machine other than localhost resolves to a local IPv4 address (tried \(candidates)); "
            + "add one to /etc/hosts, e.g. '127.0.1.1 \(candidates.first ?? "myhost")'")
    }

    /// The first IPv4 address `name` resolves to.
    private static func resolve(_ name: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let address = first.pointee.ai_addr else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let converted = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer -> Bool in
            var raw = pointer.pointee.sin_addr
            return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil
        }
        return converted ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    /// Whether a listener can bind `address` (it belongs to this machine).
    private static func canBind(_ address: String) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = 0
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
