/// An identity's `KEY=VALUE` tags (EveryAuth's identity tags), keys and values compared as UTF-8
/// bytes like every identity key (SPEC §3): a `[String: String]` would make `K` and the Kelvin
/// sign one key, so a tag would vanish and a selection by tags would find a look-alike. Kept as
/// pairs sorted by key bytes: an identity has a handful, and a listing builds 10,000 of them.
public struct IdentityTags: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The pairs, keys distinct and in byte order.
    public private(set) var pairs: [(key: String, value: String)]

    /// No tags.
    public init() { pairs = [] }

    /// The tags of `dictionary` (whose keys are distinct `String`s, so distinct bytes).
    public init(_ dictionary: [String: String]) {
        pairs = dictionary.map { (key: $0.key, value: $0.value) }.sorted { IdentityKey.precedes($0.key, $1.key) }
    }

    /// Tags written as a literal: `["team": "web"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }

    /// The value of the tag whose key is `key` byte for byte; assigning nil removes it.
    public subscript(key: String) -> String? {
        get {
            let position = insertionPoint(key)
            guard position < pairs.count, IdentityKey.same(pairs[position].key, key) else { return nil }
            return pairs[position].value
        }
        set {
            let position = insertionPoint(key)
            let present = position < pairs.count && IdentityKey.same(pairs[position].key, key)
            switch (present, newValue) {
            case (true, let value?): pairs[position].value = value
            case (true, nil): pairs.remove(at: position)
            case (false, let value?): pairs.insert((key: key, value: value), at: position)
            case (false, nil): break
            }
        }
    }

    /// How many tags.
    public var count: Int { pairs.count }
    /// True without tags.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The tags in key byte order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { pairs.makeIterator() }

    /// True when every tag of `wanted` is here with the same value, bytes for bytes.
    public func contains(_ wanted: IdentityTags) -> Bool {
        wanted.pairs.allSatisfy { IdentityKey.same(self[$0.key], $0.value) }
    }

    /// These tags with `other`'s set over them (a key in both takes `other`'s value).
    public func merging(_ other: IdentityTags) -> IdentityTags {
        var merged = self
        for (key, value) in other.pairs { merged[key] = value }
        return merged
    }

    /// Equal when the same keys have the same values, compared as bytes.
    public static func == (lhs: IdentityTags, rhs: IdentityTags) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy {
            IdentityKey.same($0.key, $1.key) && IdentityKey.same($0.value, $1.value)
        }
    }

    /// The tags as a JSON object (names kept apart by bytes, as `JSONKey` does).
    public var jsonObject: JSONObject {
        var object = JSONObject()
        for (key, value) in pairs { object[key] = .string(value) }
        return object
    }

    /// `k=v,k2=v2` in key order, for tables and messages.
    public var description: String { pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }

    /// Parses `KEY=VALUE` pairs as given on a command line; a key given twice keeps its last value.
    /// A pair without `=` or with an empty key is `InvalidTag`.
    package static func parse(_ pairs: [String]) throws(InvalidTag) -> IdentityTags {
        var tags = IdentityTags()
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw InvalidTag(text: pair) }
            tags[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return tags
    }

    /// Where `key` is, or would go, in `pairs`.
    private func insertionPoint(_ key: String) -> Int {
        var low = 0, high = pairs.count
        while low < high {
            let middle = (low + high) / 2
            if IdentityKey.precedes(pairs[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A tag that is not `KEY=VALUE` with a key.
package struct InvalidTag: Error, Sendable, Equatable {
    /// What was given.
    package let text: String

    package init(text: String) { self.text = text }
}
