import Foundation

/// An object member name, compared and hashed by its UTF-8 bytes with `IdentityKey`'s rule. Swift's
/// `String` equality is canonical equivalence, so `"\u{e9}"` and `"e\u{301}"` would be one
/// `Dictionary` key and a member would silently vanish; JSON (RFC 8259 §8.3) compares names code
/// unit by code unit.
public struct JSONKey: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name as sent.
    public let text: String

    /// A member name.
    public init(_ text: String) {
        self.text = text
    }

    /// A member name written as a literal.
    public init(stringLiteral value: String) {
        text = value
    }

    public var description: String { text }

    /// Equal when the UTF-8 bytes are.
    public static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { IdentityKey.same(lhs.text, rhs.text) }

    public func hash(into hasher: inout Hasher) { IdentityKey.hash(text, into: &hasher) }

    /// Byte order, which for UTF-8 is code point order: total, and the same on every platform.
    public static func < (lhs: JSONKey, rhs: JSONKey) -> Bool { IdentityKey.precedes(lhs.text, rhs.text) }
}

/// The members of a JSON object, keyed by `JSONKey` so that names that differ in bytes stay apart.
/// Looked up with plain `String`s, which are wrapped, never normalized.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The members; a name given twice in the text keeps its last value, as in most readers.
    public private(set) var members: [JSONKey: JSONValue]

    /// An empty object.
    public init() {
        members = [:]
    }

    /// From a Swift dictionary (whose keys are already distinct strings).
    public init(_ dictionary: [String: JSONValue]) {
        members = Dictionary(minimumCapacity: dictionary.count)
        for (key, value) in dictionary { members[JSONKey(key)] = value }
    }

    /// An object written as a literal, members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = Dictionary(minimumCapacity: elements.count)
        for (key, value) in elements { members[JSONKey(key)] = value }
    }

    /// The member named `key` (byte for byte), or nil; assigning nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { members[JSONKey(key)] }
        set { members[JSONKey(key)] = newValue }
    }

    /// The member named `key`, or nil.
    public subscript(key: JSONKey) -> JSONValue? {
        get { members[key] }
        set { members[key] = newValue }
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        members.removeValue(forKey: JSONKey(key))
    }

    /// How many members.
    public var count: Int { members.count }
    /// True without members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member names in byte order (the order the serializer writes them in).
    public var sortedKeys: [String] { members.keys.sorted().map(\.text) }

    /// The members in no particular order, like a `Dictionary`'s.
    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var base = members.makeIterator()
        return AnyIterator { base.next().map { (key: $0.key.text, value: $0.value) } }
    }

    /// Reserves room for `count` members (the reader knows nothing of sizes; the store does).
    mutating func reserveCapacity(_ count: Int) {
        members.reserveCapacity(count)
    }
}
