/// Comparisons of secrets that take the same time wherever the first difference is, so the time
/// an answer takes does not reveal how much of a guessed state was right.
package enum ConstantTime {
    /// True when `lhs` and `rhs` are the same bytes; no early exit (only their lengths may show).
    package static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
