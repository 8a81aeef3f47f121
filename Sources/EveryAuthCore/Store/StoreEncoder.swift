import Foundation

/// Writes `everyauth.json`: pretty (two spaces), keys in byte order, a trailing newline. Bytes are
/// appended directly, without a tree or `JSONEncoder`, because every store update rewrites the
/// whole file and a store may hold 10,000 identities.
struct StoreEncoder {
    private var out: [UInt8] = []
    private var indent: [UInt8] = []
    /// Whether the container being written has a member yet (one entry per open container).
    private var started: [Bool] = []

    static func encode(_ document: StoreDocument) -> Data {
        var encoder = StoreEncoder()
        encoder.out.reserveCapacity(256 + document.identities.count * 768)
        encoder.object {
            $0.member("identities") {
                $0.array {
                    for identity in document.identities { $0.element { $0.identity(identity) } }
                }
            }
            $0.member("services") { $0.services(document.services) }
            $0.member("version") { $0.out.append(contentsOf: String(document.version).utf8) }
        }
        encoder.out.append(0x0A)
        return Data(encoder.out)
    }

    /// One identity as an element of the identities array (its lines indented four spaces), for
    /// a write that copies the other identities' bytes (`StoreScan`).
    static func appendIdentity(_ identity: Identity, to out: inout [UInt8]) {
        append(to: &out, indent: "    ") { $0.identity(identity) }
    }

    /// The services object as the value of the top-level `services` member (two spaces in).
    static func appendServices(_ services: [String: ServiceSettings], to out: inout [UInt8]) {
        append(to: &out, indent: "  ") { $0.services(services) }
    }

    /// Runs `body` with an encoder that appends to `out` (moved in and back, not copied), at `indent`.
    private static func append(to out: inout [UInt8], indent: String, _ body: (inout StoreEncoder) -> Void) {
        var encoder = StoreEncoder()
        encoder.out = out
        out = []
        encoder.indent = Array(indent.utf8)
        body(&encoder)
        out = encoder.out
    }

    private mutating func services(_ services: [String: ServiceSettings]) {
        object {
            for name in services.keys.sorted(by: { JSONKey($0) < JSONKey($1) }) {
                $0.member(name) { $0.settings(services[name] ?? ServiceSettings()) }
            }
        }
    }

    private mutating func identity(_ identity: Identity) {
        object {
            if let check = identity.check { $0.member("check") { $0.value(check.json) } }
            $0.member("createdAt") { $0.string(Timestamp.format(identity.createdAt)) }
            $0.member("credential") {
                $0.object {
                    $0.member("accessToken") { $0.string(identity.credential.accessToken) }
                    $0.member("native") { $0.value(.object(identity.credential.native)) }
                    if let refresh = identity.credential.refreshToken { $0.member("refresh_token") { $0.string(refresh) } }
                }
            }
            if let email = identity.email { $0.member("email") { $0.string(email) } }
            $0.member("id") { $0.string(identity.id) }
            $0.member("kind") { $0.string(identity.kind.rawValue) }
            $0.member("service") { $0.string(identity.service) }
            $0.member("status") { $0.string(identity.status.rawValue) }
            $0.member("tags") { $0.value(.object(identity.tags.jsonObject)) }
            $0.member("updatedAt") { $0.string(Timestamp.format(identity.updatedAt)) }
            $0.member("userId") { $0.string(identity.userId) }
        }
    }

    /// The keys that are set, in byte order (`apiUrl` ... `tokenUrl`): the settings table's keys and
    /// the default user id of `identity switch`.
    private mutating func settings(_ settings: ServiceSettings) {
        var members: [(name: String, value: String, isNumber: Bool)] = settings.setKeys.compactMap { key in
            settings[key].map { (key.name, $0, key == .redirectPort) }
        }
        if let value = settings.defaultUserId { members.append(("defaultUserId", value, false)) }
        members.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        object {
            for member in members {
                if member.isNumber {
                    $0.member(member.name) { $0.out.append(contentsOf: member.value.utf8) }
                } else {
                    $0.member(member.name) { $0.string(member.value) }
                }
            }
        }
    }

    // MARK: - Layout

    private mutating func object(_ body: (inout StoreEncoder) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    private mutating func array(_ body: (inout StoreEncoder) -> Void) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout StoreEncoder) -> Void) {
        out.append(open)
        indent.append(contentsOf: [0x20, 0x20])
        started.append(false)
        body(&self)
        let any = started.removeLast()
        indent.removeLast(2)
        if any {
            out.append(0x0A)
            out.append(contentsOf: indent)
        }
        out.append(close)
    }

    /// Starts the next entry of the open container: a comma after the first, then a new line.
    private mutating func element(_ body: (inout StoreEncoder) -> Void) {
        if started[started.count - 1] { out.append(UInt8(ascii: ",")) }
        started[started.count - 1] = true
        out.append(0x0A)
        out.append(contentsOf: indent)
        body(&self)
    }

    private mutating func member(_ key: String, _ body: (inout StoreEncoder) -> Void) {
        element {
            JSONValue.writeQuoted(key, into: &$0.out)
            $0.out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            body(&$0)
        }
    }

    private mutating func string(_ text: String) {
        JSONValue.writeQuoted(text, into: &out)
    }

    private mutating func value(_ value: JSONValue) {
        value.write(into: &out, pretty: true, keyOrder: [], indent: &indent)
    }
}
