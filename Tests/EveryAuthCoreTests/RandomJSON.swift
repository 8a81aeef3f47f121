/// Random JSON texts from a seeded generator, for tests that compare two ways of reading or writing
/// JSON: names that sort in surprising ways (escapes, combining marks, shared eight-byte prefixes,
/// repeats), strings with every kind of escape, hostile numbers, and whitespace everywhere.
enum RandomJSON {
    static let names = ["a", "b", "ab", "B", "id", "\\u0061", "\\u00e9", "é", "e\\u0301", "", "\\\"", "z\\n",
                        "incident_number", "incident_key", "incidents", "assignments", "assignee"]
    static let strings = ["", "x", "tab\\there", "\\u001b[31m", "\\/", "\\ud83d\\ude00", "é", "\\u2028", "q\\\"\\\\", "日本",
                          "\\u0000\\u001f", "\\u001F", "\\u0008", "\\u000a", "\\u007f", "\\u0020", "é\\n日\\b", "\\f\\r\\t"]
    static let numbers = ["0", "-0", "1", "1.50", "1e400", "-2E-3", "12345678901234567890123"]
    static let spaces = ["", " ", "\n", "\t ", "\r\n"]

    /// One value; objects have up to `members - 1` members, and nesting stops growing past depth 3.
    static func document(_ random: inout SplitMix, depth: Int = 0, members: Int = 12) -> String {
        func pick(_ options: [String]) -> String { options[Int(random.next() % UInt64(options.count))] }
        let space = pick(spaces)
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return space + "\"" + pick(strings) + "\""
        case 1: return space + pick(numbers)
        case 2: return space + pick(["true", "false", "null"])
        case 3: return space + "{}"
        case 4:
            let count = Int(random.next() % 4)
            return space + "[" + (0..<count).map { _ in document(&random, depth: depth + 1, members: members) }.joined(separator: ",")
                + pick(spaces) + "]"
        default:
            let count = Int(random.next() % UInt64(members))
            let fields = (0..<count).map { _ in
                pick(spaces) + "\"" + pick(names) + "\"" + pick(spaces) + ":" + document(&random, depth: depth + 1, members: members)
            }
            return space + "{" + fields.joined(separator: ",") + pick(spaces) + "}"
        }
    }
}

/// A small seeded generator (SplitMix64), so random tests reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
