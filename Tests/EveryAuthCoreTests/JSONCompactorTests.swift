@testable import EveryAuthCore
import Foundation
import Testing

/// `JSONCompactor` writes what parsing into a tree and serializing it compactly writes, byte for
/// byte, and refuses exactly what the tree reader refuses: objects larger than its starting
/// buffers, names that need the byte comparison (shared first eight bytes, escapes, repeats),
/// deep nesting, and broken input.
@Suite struct JSONCompactorTests {
    /// The tree's compact serialization, or nil when the tree reader refuses the text.
    private func viaTree(_ text: [UInt8]) -> String? {
        guard let value = try? JSONValue.parse(Data(text)) else { return nil }
        var out: [UInt8] = []
        value.write(into: &out, pretty: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// The compactor's output, or nil when it refuses the text. Tests start it with a tiny
    /// buffer, so that growing is exercised.
    private func viaCompactor(_ text: [UInt8], compactor: inout JSONCompactor) -> String? {
        (try? compactor.compact(Data(text))).map { String(decoding: $0, as: UTF8.self) }
    }

    private func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var compactor = JSONCompactor(capacity: 1)
        let tree = viaTree(Array(text.utf8))
        #expect(tree != nil, "the tree reader refused \(text)", sourceLocation: sourceLocation)
        #expect(viaCompactor(Array(text.utf8), compactor: &compactor) == tree, "\(text)", sourceLocation: sourceLocation)
    }

    @Test func aLargeObjectOutOfOrderIsSortedWithItsRepeatsDropped() {
        // 200 members in reverse order, every name also given a second time (the later value wins),
        // names that share their first eight bytes, and nested objects deep enough to outgrow the
        // member stack's first 64 slots.
        var members: [String] = []
        for index in (0..<200).reversed() {
            members.append(#""common-prefix-\#(index)":\#(index)"#)
            members.append(#""n\#(index)":{"z":[\#(index)],"a":"first"}"#)
        }
        for index in 0..<200 where index % 3 == 0 { members.append(#""n\#(index)":"second""#) }
        expectSame("{" + members.joined(separator: ",") + "}")
        let nested = (0..<70).reduce(#"{"leaf":true,"b":1,"a":2}"#) { inner, depth in #"{"z\#(depth)":\#(inner),"a":\#(depth)}"# }
        expectSame(nested)
    }

    /// Objects of one shape are put in order from the remembered order of the first; names that
    /// share their first eight bytes, in another order or repeated, must still be sorted whole.
    @Test func rememberedOrdersAreOnlyUsedWhereTheyStillSort() {
        let objects = [
            #"{"z":0,"incident_number":1,"incident_key":"k","id":"a"}"#,
            #"{"z":0,"incident_number":1,"incident_key":"k","id":"b"}"#,
            #"{"z":0,"incident_key":"k","incident_number":1,"id":"c"}"#,
            #"{"z":0,"incident_nuxxxx":1,"incident_kxx":"k","id":"d"}"#,
            #"{"z":0,"incident_key":1,"incident_key":"repeated","id":"e"}"#,
            #"{"z":0,"incident_number":1,"incident_key":"k","id":"f"}"#,
            #"{"z":1,"y":2,"x":3}"#, #"{"z":1,"y":2,"x":3}"#, #"{"z":1,"y":2,"y":3}"#, #"{"z":1,"y":2,"x":3,"w":4}"#,
        ]
        expectSame("[" + objects.joined(separator: ",") + "]")
        expectSame("[" + Array(repeating: objects[0], count: 50).joined(separator: ",") + "," + objects[4] + "]")
    }

    /// A page's bytes are handed over without a copy; the compactor goes on with an empty buffer of
    /// its own, and what was handed over stays intact after it writes again and is gone.
    @Test func takenBytesOutliveTheCompactor() throws {
        func take(_ text: String, _ compactor: inout JSONCompactor) throws -> Data {
            try ByteView.with(Array(text.utf8)) { bytes in
                var reader = JSONReader(bytes: bytes)
                try compactor.write(&reader, depth: 0)
            }
            return compactor.takeData()
        }
        var first = Data(), second = Data(), small = Data()
        do {
            var compactor = JSONCompactor(capacity: 8)
            first = try take(#"{"b":[1,2,3],"a":"xA"}"#, &compactor)
            #expect(compactor.count == 0)
            second = try take(#"{"z":{"y":1,"x":2},"long":"\#(String(repeating: "w", count: 300))"}"#, &compactor)
            small = try take("1", &compactor)
        }
        #expect(String(decoding: first, as: UTF8.self) == #"{"a":"xA","b":[1,2,3]}"#)
        #expect(String(decoding: second, as: UTF8.self) == #"{"long":"\#(String(repeating: "w", count: 300))","z":{"x":2,"y":1}}"#)
        #expect(String(decoding: small, as: UTF8.self) == "1")
    }

    @Test func namesWithEscapesCompareByTheirDecodedBytes() {
        expectSame(#"{"\u0062":1,"a":2,"b\"c":3,"b":4,"\u00e9":5,"e\u0301":6,"é":7,"\u0061":8,"abcdefgh\u0031":9,"abcdefgh0":10}"#)
        expectSame(#"{"":1,"\u0000":2,"a\u0000":3,"a":4,"\ud83d\ude00":5,"\uffff":6}"#)
    }

    @Test func strangeValuesKeepTheirMeaning() {
        expectSame(#"[1e400,-0,0.5E+10,"\/\b\f\n\r\t\u001b\u007f\u2028",true,false,null,[],{},[[[]]],{"a":{}}]"#)
        expectSame(" \n[ 1 ,\t{ \"b\" : 2 , \"a\" : [ ] } ] ")
        expectSame(#""just a string""#)
    }

    /// Each random document, and each of a few damaged copies of it, is written as the tree writes
    /// it or refused as the tree reader refuses it.
    @Test func randomAndDamagedDocumentsAgree() {
        var random = SplitMix(seed: 0xC0FFEE)
        var compactor = JSONCompactor(capacity: 16)
        var refused = 0
        for _ in 0..<2000 {
            let text = Array(RandomJSON.document(&random).utf8)
            #expect(viaCompactor(text, compactor: &compactor) == viaTree(text), "\(String(decoding: text, as: UTF8.self))")
            for _ in 0..<3 where !text.isEmpty {
                var damaged = text
                let position = Int(random.next() % UInt64(text.count))
                switch random.next() % 3 {
                case 0: damaged.remove(at: position)
                case 1: damaged[position] = Self.damage[Int(random.next() % UInt64(Self.damage.count))]
                default: damaged.insert(Self.damage[Int(random.next() % UInt64(Self.damage.count))], at: position)
                }
                let tree = viaTree(damaged)
                if tree == nil { refused += 1 }
                #expect(viaCompactor(damaged, compactor: &compactor) == tree, "\(String(decoding: damaged, as: UTF8.self))")
            }
        }
        // The damage must have produced broken input often, or the refusals were never compared.
        #expect(refused > 2000)
    }

    private static let damage: [UInt8] = Array(#"{}[],:"\ u0123456789abcdefE.+-tfn"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF, 0xED, 0xA0]
}
