import Foundation
#if !EVERYAUTH_FUZZ
@testable import EveryAuthCore
#endif

/// The oracles of the `json` fuzz target (and of the seed replay in `swift test`):
/// - differential: `JSONReader` accepts what `JSONSerialization` accepts and reads the same values,
///   except for the reader's documented, deliberate differences (trailing commas, a BOM, UTF-16/32
///   refused; numbers beyond `Double` kept; names compared by bytes) and one Foundation quirk:
///   it drops a raw U+FEFF at the start of a string and right after each escape (it decodes the
///   runs between escapes separately, each as if it might start with a byte order mark), so
///   strings are compared without U+FEFF;
/// - round trip: what was read, serialized compact and pretty, reads back equal;
/// - canonical form: `JSONCompactor` over the input's bytes (how listings write incidents without
///   a tree) refuses what the reader refuses and otherwise writes exactly what serializing the
///   parsed value writes; `JSONPrettyPrinter` over that writes what pretty serialization writes.
enum JSONFuzzCheck {
    /// nil when `data` passes every check, else what failed.
    static func failure(_ data: Data) -> String? {
        let ours: JSONValue?
        var refusal: JSONSyntaxError?
        do {
            ours = try JSONValue.parse(data)
        } catch let error as JSONSyntaxError {
            ours = nil
            refusal = error
        } catch {
            return "the reader threw \(error), not a JSONSyntaxError"
        }
        let theirs: Any?
        do {
            theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            theirs = nil
        }
        switch (ours, theirs) {
        case (let ours?, let theirs?):
            if let path = difference(ours, theirs, at: "$") { return "reads differently from JSONSerialization at \(path)" }
        case (let ours?, nil):
            // Foundation refuses numbers beyond Double's range; the reader keeps their text.
            if !hasUnrepresentableNumber(ours) { return "accepts what JSONSerialization refuses" }
        case (nil, _?):
            let reason = refusal?.reason ?? ""
            let deliberate = ["trailing comma", "byte order mark", "UTF-16 or UTF-32"].contains { reason.hasPrefix($0) }
            if !deliberate { return "refuses (\(reason)) what JSONSerialization accepts" }
        case (nil, nil):
            break
        }
        let compact = canonical(data)
        guard let ours else {
            return compact == nil ? nil : "the compactor accepts what the reader refuses"
        }
        guard let compact else { return "the compactor refuses what the reader accepts" }
        for pretty in [false, true] {
            let text = ours.serialized(pretty: pretty)
            var written = compact
            if pretty {
                written = []
                ByteView.with(compact) { JSONPrettyPrinter.write($0, indent: [], into: &written) }
            }
            if String(decoding: written, as: UTF8.self) != text {
                return "the \(pretty ? "pretty printer" : "compactor") writes output that differs from the serializer's"
            }
            do {
                let again = try JSONValue.parse(Data(text.utf8))
                if again != ours { return "reads back differently after \(pretty ? "pretty" : "compact") serialization" }
            } catch {
                return "its own \(pretty ? "pretty" : "compact") output does not parse: \(error)"
            }
        }
        return nil
    }

    /// What `JSONCompactor` writes for the value in `data` (nil when it refuses it).
    private static func canonical(_ data: Data) -> [UInt8]? {
        var compactor = JSONCompactor(capacity: 16)
        return (try? compactor.compact(data)).map { [UInt8]($0) }
    }

    /// Where `ours` and Foundation's `theirs` differ, or nil.
    private static func difference(_ ours: JSONValue, _ theirs: Any, at path: String) -> String? {
        switch ours {
        case .null:
            return theirs is NSNull ? nil : path
        case .bool(let flag):
            guard let number = theirs as? NSNumber, isBoolean(number), number.boolValue == flag else { return path }
            return nil
        case .number(let number):
            guard let other = theirs as? NSNumber, !isBoolean(other), same(number, other) else { return "\(path) (\(number.literal))" }
            return nil
        case .string(let text):
            guard let other = theirs as? String, sameString(text, other) else { return path }
            return nil
        case .array(let elements):
            guard let other = theirs as? [Any], other.count == elements.count else { return path }
            for (index, element) in elements.enumerated() {
                if let found = difference(element, other[index], at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            guard let other = theirs as? [String: Any] else { return path }
            // Foundation's `String` keys merge canonically equivalent names; the reader keeps them apart.
            var groups: [String: [(key: String, value: JSONValue)]] = [:]
            for member in members { groups[withoutBOM(member.key), default: []].append(member) }
            var theirGroups: [String: [Any]] = [:]
            for (key, value) in other { theirGroups[withoutBOM(key), default: []].append(value) }
            guard groups.count == theirGroups.count else { return "\(path) (member count)" }
            for (key, values) in theirGroups {
                guard let group = groups[key] else { return "\(path).\(key)" }
                for value in values where !group.contains(where: { difference($0.value, value, at: path) == nil }) {
                    return "\(path).\(key)"
                }
            }
            return nil
        }
    }

    /// True for the NSNumber Foundation makes of `true`/`false` (a `char`: no JSON number is one).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private static func same(_ ours: JSONNumber, _ theirs: NSNumber) -> Bool {
        if let decimal = theirs as? NSDecimalNumber {
            if decimal.compare(NSDecimalNumber(string: ours.literal)) == .orderedSame { return true }
            // Decimal keeps 38 digits; longer literals may round differently on the two paths.
            guard let double = ours.doubleValue else { return false }
            return abs(double - decimal.doubleValue) <= abs(double) * 1e-12
        }
        if let double = ours.doubleValue, double == theirs.doubleValue { return true }
        if let whole = ours.intValue { return theirs.int64Value == Int64(whole) }
        return false
    }

    /// Equal scalars once U+FEFF is removed from both (see the type's comment).
    private static func sameString(_ ours: String, _ theirs: String) -> Bool {
        if ours.unicodeScalars.elementsEqual(theirs.unicodeScalars) { return true }
        return withoutBOM(ours).unicodeScalars.elementsEqual(withoutBOM(theirs).unicodeScalars)
    }

    private static func withoutBOM(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{FEFF}") else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" }))
    }

    private static func hasUnrepresentableNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): return number.doubleValue == nil
        case .array(let elements): return elements.contains(where: hasUnrepresentableNumber)
        case .object(let members): return members.contains { hasUnrepresentableNumber($0.value) }
        case .null, .bool, .string: return false
        }
    }
}
