import Foundation

/// Identity ids shown short and taken short, as git shows and takes hashes: a table shows each id
/// by the shortest prefix that tells it from the others listed (never under `minimumLength`), and
/// every command that takes an id takes a prefix that names exactly one identity of the service.
package enum IdentityIDPrefix {
    /// `idn-` and 8 hex digits: the shortest prefix shown, and the shortest taken for a lookup.
    package static let minimumLength = 12
    /// `idn-` and 32 hex digits (`Identity.newID`).
    package static let fullLength = 36

    /// True when `text` is a whole id rather than a prefix of one.
    package static func isWhole(_ text: String) -> Bool { text.utf8.count >= fullLength }

    /// The shortest length, at least `minimumLength`, at which the `idn-` ids among `ids` are all
    /// different (adjacent ids in sorted order decide it).
    package static func shortLength(_ ids: [String]) -> Int {
        let sorted = ids.filter { $0.hasPrefix("idn-") }.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        var length = minimumLength
        for (left, right) in zip(sorted, sorted.dropFirst()) {
            var common = 0
            while common < left.count, common < right.count, left[common] == right[common] { common += 1 }
            length = max(length, common + 1)
        }
        return length
    }

    /// `id` as a table shows it among ids whose `shortLength` is `length`; other text as it is.
    package static func shown(_ id: String, length: Int) -> String {
        id.hasPrefix("idn-") ? String(decoding: id.utf8.prefix(length), as: UTF8.self) : id
    }
}
