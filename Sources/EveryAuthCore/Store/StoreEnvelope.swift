import Crypto
import Foundation

/// One encrypted value of the store, as text in the field that holds the plaintext otherwise:
/// `ea1:KEYID:BASE64`, where BASE64 (standard, padded) is the AES-256-GCM nonce (12 bytes), the
/// ciphertext and the tag (16 bytes). The associated data binds it to its place: the record
/// (an identity's id and service, or a service's name), the field and the key id, each
/// length-prefixed, so a value copied to another record or field, or renamed to another key id,
/// does not open. Nothing in it depends on the backend, so `store migrate` copies envelopes as
/// they are. A stored value that does not start with `ea1:` is plaintext.
package enum StoreEnvelope {
    /// What every envelope starts with; the `1` is the form's version.
    package static let prefix = "ea1:"

    /// Where a value lives, which becomes the associated data.
    package struct Place: Sendable, CustomStringConvertible {
        /// `identity` or `service`.
        let kind: String
        /// The identity's id and service, or the service's name.
        let record: [String]
        /// The field's name in the store (`accessToken`, `native.access_token`, `clientSecret`...).
        let field: String

        /// A field of the identity `id` of `service`.
        package static func identity(id: String, service: String, field: String) -> Place {
            Place(kind: "identity", record: [id, service], field: field)
        }

        /// A field of the settings of `service`.
        package static func service(_ name: String, field: String) -> Place {
            Place(kind: "service", record: [name], field: field)
        }

        /// "the accessToken of identity idn-..." for messages (no value).
        package var description: String {
            kind == "identity" ? "the \(field) of identity \(record[0])" : "the \(field) of service \(record[0])"
        }

        /// The associated data for an envelope under `keyID`.
        func associatedData(keyID: String) -> [UInt8] {
            var bytes = Array("everyauth-store".utf8)
            for part in [prefix, kind] + record + [field, keyID] {
                bytes.append(contentsOf: "\(part.utf8.count):".utf8)
                bytes.append(contentsOf: part.utf8)
            }
            return bytes
        }
    }

    /// The key id `text` names when it is an envelope; nil for plaintext.
    package static func keyID(of text: String) -> Substring? {
        guard text.hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count)
        return rest.prefix { $0 != ":" }
    }

    /// `plaintext` sealed with `key` for `place`.
    package static func seal(_ plaintext: String, with key: StoreKeys.Key, for place: Place) -> String {
        // A fresh random 96-bit nonce per value: far below GCM's limit of 2^32 values per key.
        guard let box = try? AES.GCM.seal(Array(plaintext.utf8), using: key.key, nonce: AES.GCM.Nonce(),
                                          authenticating: place.associatedData(keyID: key.id)),
              let combined = box.combined else {
            // Sealing with a 256-bit key and a 12-byte nonce cannot fail.
            preconditionFailure("AES-GCM refused to seal")
        }
        return prefix + key.id + ":" + combined.base64EncodedString()
    }

    /// The plaintext of `text`: itself when it is plaintext, else the envelope opened with the
    /// key it names. `keyMissing` when `keys` lacks that key, `undecryptable` when it does not open.
    package static func open(_ text: String, keys: StoreKeys, for place: Place, location: String) throws(StoreError) -> String {
        guard let id = keyID(of: text) else { return text }
        guard let key = keys.key(id) else {
            throw .keyMissing(keyID: String(id), record: place.description, location: location)
        }
        let encoded = text.dropFirst(prefix.count + id.count + 1)
        guard let combined = Data(base64Encoded: String(encoded)), combined.count >= 28,
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key.key, authenticating: place.associatedData(keyID: key.id)),
              let opened = String(bytes: plain, encoding: .utf8) else {
            throw .undecryptable(keyID: key.id, record: place.description, location: location)
        }
        return opened
    }
}
