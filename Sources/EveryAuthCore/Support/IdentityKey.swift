/// A service name, user id, identity id, tag key or tag value as the store compares it (SPEC §3
/// "Identity keys"): by its UTF-8 bytes, never by Unicode canonical equivalence. Swift's `String`
/// equality says the Kelvin sign `K` (U+212A) is `K` and `e` + U+0301 is `é`; PostgreSQL compares
/// bytes. One rule for every backend, the scanner, the decoder and the library, so that two
/// spellings are always two identities.
package struct IdentityKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The text, exactly as given.
    package let text: String

    package init(_ text: String) { self.text = text }

    package static func == (lhs: IdentityKey, rhs: IdentityKey) -> Bool { same(lhs.text, rhs.text) }

    /// Byte order, which for valid UTF-8 is Unicode scalar order: PostgreSQL's `COLLATE "C"`.
    package static func < (lhs: IdentityKey, rhs: IdentityKey) -> Bool { precedes(lhs.text, rhs.text) }

    package func hash(into hasher: inout Hasher) { Self.hash(text, into: &hasher) }

    package var description: String { text }

    /// True when `a` and `b` are the same bytes.
    package static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
        }
        return compared.flatMap { $0 } ?? a.utf8.elementsEqual(b.utf8)
    }

    /// Same as `same`, with a missing value matching only a missing one.
    package static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (let a?, let b?): return same(a, b)
        case (nil, nil): return true
        default: return false
        }
    }

    /// Feeds `text`'s bytes to `hasher`: equal bytes, equal hashes, whatever `String` thinks.
    package static func hash(_ text: String, into hasher: inout Hasher) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
        hasher.combine(text.utf8.count)
    }

    /// True when `a` sorts before `b` by bytes.
    package static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// True when every `KEY=VALUE` of `wanted` is in `tags`, keys and values compared as bytes.
    package static func tags(_ tags: [String: String], contain wanted: [String: String]) -> Bool {
        wanted.allSatisfy { want in tags.contains { same($0.key, want.key) && same($0.value, want.value) } }
    }
}

/// The rule for a user id at every entry (SPEC §3): the command line, the environment, a web
/// server's user header and the library. A user id is 1 to 256 bytes of valid UTF-8 without
/// control characters; anything else is refused, never repaired (no U+FFFD, no trimming).
package enum UserID {
    /// The longest user id, in UTF-8 bytes (SPEC §7).
    package static let maxBytes = 256

    /// Why a user id was refused.
    package enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// Empty, or only white space.
        case empty
        /// More than `maxBytes` bytes.
        case tooLong(bytes: Int)
        /// Bytes that are not UTF-8 (only raw bytes, such as a header, can be).
        case invalidUTF8
        /// A C0 or C1 control character or DEL.
        case controlCharacter

        package var description: String {
            switch self {
            case .empty: return "the user id is empty"
            case .tooLong(let bytes): return "the user id is \(bytes) bytes long; at most \(UserID.maxBytes) are allowed"
            case .invalidUTF8: return "the user id is not valid UTF-8"
            case .controlCharacter: return "the user id contains a control character"
            }
        }
    }

    /// The problem with `text` as a user id, nil when it is a good one.
    package static func problem(_ text: String) -> Problem? {
        let bytes = text.utf8.count
        if bytes == 0 || text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return .empty }
        if bytes > maxBytes { return .tooLong(bytes: bytes) }
        if ControlCharacter.any(in: text) { return .controlCharacter }
        return nil
    }

    /// `text` when it is a good user id, else `InvalidUserID` saying where it came from.
    @discardableResult
    package static func validate(_ text: String, from source: InvalidUserID.Source = .given) throws(InvalidUserID) -> String {
        if let problem = problem(text) { throw InvalidUserID(problem: problem, source: source) }
        return text
    }

    /// The user id `bytes` spell (a header's raw value): invalid UTF-8 is refused, not replaced.
    package static func validate(bytes: some Collection<UInt8>) throws(InvalidUserID) -> String {
        if bytes.count > maxBytes { throw InvalidUserID(problem: .tooLong(bytes: bytes.count), source: .given) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw InvalidUserID(problem: .invalidUTF8, source: .given) }
        return try validate(text)
    }
}

/// A user id that breaks `UserID`'s rule; the CLI renders it with the flag or variable it came
/// from (exit 64), a web route answers 400.
public struct InvalidUserID: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where a user id came from.
    package enum Source: Sendable, Equatable {
        /// The caller gave it (a command-line value, a library argument, a request's header).
        case given
        /// An environment variable (`EVERYAUTH_USER_ID`).
        case environment(String)
        /// The service's stored default user id (`identity switch`).
        case storedDefault
        /// The login name of the process's user.
        case loginName
        /// An identity record read from the store.
        case stored
    }

    package let problem: UserID.Problem
    package let source: Source

    package init(problem: UserID.Problem, source: Source = .given) {
        self.problem = problem
        self.source = source
    }

    public var description: String {
        switch source {
        case .given: return problem.description
        case .environment(let name): return "\(name): \(problem)"
        case .storedDefault: return "the stored default user id: \(problem)"
        case .loginName: return "the login name: \(problem)"
        case .stored: return "a stored identity: \(problem)"
        }
    }
}
