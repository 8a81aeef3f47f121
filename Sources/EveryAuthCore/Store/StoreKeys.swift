import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keys that encrypt the store at rest (SPEC §3 "Encryption at rest"): given as
/// `ID:BASE64,ID:BASE64...`, 32 random bytes each; the first encrypts every value written, all of
/// them decrypt. Without keys (`StoreKeys()`) the store is plaintext, as it always was.
/// `StoreBackends.open` reads them from `$EVERYAUTH_STORE_KEY` or `$EVERYAUTH_STORE_KEY_FILE`
/// unless the app gives its own:
///
///     let keys = try StoreKeys(parsing: secretFromMyVault)   // "k2:BASE64,k1:BASE64"
///     let store = FileStore(directory: directory, keys: keys)
///
/// The key bytes never leave this value: its description and mirror show the ids alone.
public struct StoreKeys: Sendable, CustomStringConvertible, CustomReflectable {
    /// One key and the id that envelopes name it by.
    package struct Key: Sendable {
        package let id: String
        /// The 32 bytes; `SymmetricKey` is not `Sendable`, so one is made per use.
        let bytes: [UInt8]
        /// The key for AES-GCM.
        package var key: SymmetricKey { SymmetricKey(data: bytes) }
    }

    /// The keys in the order given; the first encrypts.
    package let keys: [Key]

    /// The variable holding the keys' text.
    package static let variable = "EVERYAUTH_STORE_KEY"
    /// The variable naming a file (mode 0600, the user's) that holds the keys' text.
    package static let fileVariable = "EVERYAUTH_STORE_KEY_FILE"

    /// No keys: the store is read and written in plaintext (and an encrypted value cannot be read).
    public init() { keys = [] }

    /// Keys from their text, `ID:BASE64` separated by commas (spaces and a final newline allowed):
    /// ids of letters, digits, `.`, `_` and `-`, each once; each key 32 bytes in standard base64.
    /// Anything else is an `InvalidInput` that never quotes the text.
    public init(parsing text: String) throws(InvalidInput) {
        try self.init(parsing: text, from: .given)
    }

    /// The keys of `$EVERYAUTH_STORE_KEY`, else of the file `$EVERYAUTH_STORE_KEY_FILE` names
    /// (refused, as ssh refuses a private key, unless it is a regular file of this user that no
    /// one else may read); none when neither is set. Both set is an `InvalidInput`, as is a
    /// malformed text; a loose file is a `StoreError.untrusted` saying how to fix it.
    public init(environment: [String: String]) throws {
        let text = environment[Self.variable].flatMap { $0.isEmpty ? nil : $0 }
        let file = environment[Self.fileVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (text, file) {
        case (nil, nil):
            self.init()
        case (let text?, nil):
            try self.init(parsing: text, from: .environment(Self.variable))
        case (nil, let path?):
            try self.init(parsing: try Self.readKeyFile(path), from: .environment(Self.fileVariable))
        case (.some, .some):
            throw InvalidInput(.storeKeys(from: .environment(Self.fileVariable)),
                               "\(Self.variable) is set too; set only one of them")
        }
    }

    private init(parsing text: String, from source: InvalidInput.ValueSource) throws(InvalidInput) {
        func refuse(_ problem: String) -> InvalidInput { InvalidInput(.storeKeys(from: source), problem) }
        let entries = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",", omittingEmptySubsequences: false)
        var keys: [Key] = []
        for (index, raw) in entries.enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            let which = "key \(index + 1) of \(entries.count)"
            // The id is quoted only once it passed the id rule: a key pasted the wrong way round
            // must not be printed.
            guard let colon = entry.firstIndex(of: ":") else { throw refuse("\(which) is not ID:BASE64") }
            let id = String(entry[..<colon])
            guard !id.isEmpty else { throw refuse("\(which) has an empty id; write ID:BASE64") }
            guard Self.isValidID(id) else {
                throw refuse("\(which) has an id with characters other than letters, digits, '.', '_' and '-'")
            }
            guard let bytes = Data(base64Encoded: String(entry[entry.index(after: colon)...])) else {
                throw refuse("key '\(id)' is not valid base64")
            }
            guard bytes.count == 32 else { throw refuse("key '\(id)' is \(bytes.count) bytes; it must be 32 random bytes") }
            guard !keys.contains(where: { $0.id == id }) else { throw refuse("the id '\(id)' is given twice; give each key its own id") }
            keys.append(Key(id: id, bytes: Array(bytes)))
        }
        self.keys = keys
    }

    /// The ids, the encrypting key's first.
    public var ids: [String] { keys.map(\.id) }

    /// True when no key was given: the store is plaintext.
    public var isEmpty: Bool { keys.isEmpty }

    /// The key that encrypts, nil without keys.
    package var encrypting: Key? { keys.first }

    /// The key whose id is `id`.
    package func key(_ id: Substring) -> Key? { keys.first { $0.id == id } }

    /// The ids only, never a key.
    public var description: String { "StoreKeys(\(ids.joined(separator: ", ")))" }

    /// The ids only, so `dump` and debuggers show no key.
    public var customMirror: Mirror { Mirror(self, children: ["ids": ids]) }

    /// Letters, digits, `.`, `_` and `-`, at most 64 of them: an id is written into every
    /// envelope and must not contain the envelope's `:`.
    package static func isValidID<S: StringProtocol>(_ id: S) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// The text of the key file at `path`, under ssh's rule for a private key (`PrivateFile`):
    /// a regular file of this user with no permission for group or others, at most 64 KiB.
    private static func readKeyFile(_ path: String) throws -> String {
        do {
            return String(decoding: try PrivateFile.read(path, maxBytes: 65_536), as: UTF8.self)
        } catch let problem where problem.isTrust {
            throw StoreError.untrusted(path: path, problem: problem.problem.replacingOccurrences(of: "the file", with: "the key file"),
                                       fix: problem.fix(path) ?? "point \(fileVariable) at a regular file of your own")
        } catch {
            throw InvalidInput(.storeKeys(from: .environment(fileVariable)), error.text(path))
        }
    }
}
