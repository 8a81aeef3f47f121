import Foundation

/// Reads `everyauth.json` straight into the models with `JSONReader`, in one pass and without a
/// tree in between (SPEC §3 "Cost": 10,000 identities must read nearly as fast as one).
///
/// What it reports, in this order, is what a user needs to hear first: text that is not JSON
/// at all, then a missing or unknown `version` (a newer everyauth's file must say "upgrade", not
/// "wrong type"), then the first field that is JSON but not the store's format. So a field that
/// does not fit is noted and skipped, and only reported once the whole text has been read.
struct StoreDecoder {
    let path: String
    /// The first field that did not fit, as "what at where".
    private var problem: String?

    private init(path: String) { self.path = path }

    static func decode(_ data: Data, path: String) throws -> StoreDocument {
        guard !data.isEmpty else { throw StoreError.corrupt(path: path, reason: "the file is empty") }
        var decoder = StoreDecoder(path: path)
        var version: JSONValue?
        var services: [String: ServiceSettings]?
        var identities: [Identity]?
        var isObject = true
        do {
            try JSONReader.read(data) { reader in
                guard reader.next == UInt8(ascii: "{") else {
                    _ = try reader.value(depth: 0)
                    isObject = false
                    return
                }
                try reader.readObject(depth: 0) { key, reader in
                    switch key {
                    case "version": version = try reader.value(depth: 1)
                    case "services": services = try decoder.services(&reader)
                    case "identities": identities = try decoder.identities(&reader)
                    default: _ = try reader.value(depth: 1)
                    }
                }
            }
        } catch let error as JSONSyntaxError {
            throw StoreError.corrupt(path: path, reason: "not valid JSON (\(error.reason) at byte \(error.offset))")
        }
        guard isObject else { throw StoreError.corrupt(path: path, reason: "not a JSON object") }
        guard let version else { throw StoreError.corrupt(path: path, reason: "no \"version\" field") }
        guard case .number(let number) = version, let whole = number.intValue else {
            throw StoreError.corrupt(path: path, reason: "\"version\" is not a whole number")
        }
        guard whole == StoreDocument.currentVersion else { throw StoreError.unsupportedVersion(path: path, version: whole) }
        if let problem = decoder.problem { throw StoreError.corrupt(path: path, reason: problem) }
        guard let services else { throw StoreError.corrupt(path: path, reason: "missing \"services\" at top level") }
        guard let identities else { throw StoreError.corrupt(path: path, reason: "missing \"identities\" at top level") }
        return StoreDocument(version: whole, services: services, identities: identities)
    }

    /// The services object alone (`bytes` from its `{` to its `}`), read as `decode` reads it; nil
    /// when it is not exactly one such object or has a problem (`StoreScanner`'s check).
    static func services(in bytes: ByteView) -> [String: ServiceSettings]? {
        var decoder = StoreDecoder(path: "")
        var reader = JSONReader(bytes: bytes)
        guard let services = try? decoder.services(&reader), reader.index == bytes.count, decoder.problem == nil else { return nil }
        return services
    }

    /// One identity (`bytes` from its `{` to its `}`) of a file `StoreScanner` accepted, read as
    /// `decode` reads it; `position` and `path` only name it should it fail, which the scanner's
    /// checks rule out.
    static func identity(in bytes: ByteView, position: Int, path: String) throws -> Identity {
        var decoder = StoreDecoder(path: path)
        var reader = JSONReader(bytes: bytes)
        let identity: Identity?
        do {
            identity = try decoder.identity(&reader, at: "identities[\(position)]")
        } catch let error as JSONSyntaxError {
            throw StoreError.corrupt(path: path, reason: "not valid JSON (\(error.reason) in identities[\(position)])")
        }
        guard let identity, reader.index == bytes.count, decoder.problem == nil else {
            throw StoreError.corrupt(path: path, reason: decoder.problem ?? "identities[\(position)] does not end where it should")
        }
        return identity
    }

    /// The tags object alone (`bytes` from its `{` to its `}`) of an identity `StoreScanner`
    /// accepted, read as `decode` reads it: how a listing reads tags without the rest of the
    /// identity. Nil when it is not exactly one such object or has a problem.
    static func tags(in bytes: ByteView) -> IdentityTags? {
        var decoder = StoreDecoder(path: "")
        var reader = JSONReader(bytes: bytes)
        guard let tags = try? decoder.tags(&reader, at: "tags"), reader.index == bytes.count, decoder.problem == nil else { return nil }
        return tags
    }

    // MARK: - Sections

    private mutating func services(_ reader: inout JSONReader) throws -> [String: ServiceSettings]? {
        guard try expect("{", &reader, depth: 1, at: "services") else { return nil }
        var services: [String: ServiceSettings] = [:]
        try reader.readObject(depth: 1) { name, reader in
            guard try expect("{", &reader, depth: 2, at: "services.\(Self.shown(name))") else { return }
            var settings = ServiceSettings()
            try reader.readObject(depth: 2) { key, reader in
                let at = "services.\(Self.shown(name)).\(Self.shown(key))"
                // The settings table names every key; a key this version does not know is skipped.
                if key == "defaultUserId" {
                    settings.defaultUserId = try optionalString(&reader, at: at)
                    return
                }
                guard let known = ServiceSettingKey(rawValue: key) else {
                    _ = try reader.value(depth: 3)
                    return
                }
                switch known {
                case .region:
                    guard let text = try optionalString(&reader, at: at) else { return }
                    guard let region = Region(rawValue: text) else { return note("unknown region '\(Self.shown(text))' at \(at)") }
                    settings.region = region
                case .redirectPort:
                    if try reader.readNull() { return }
                    guard try expect("0", &reader, depth: 3, at: at) else { return }
                    guard let port = try reader.readNumber().intValue, (0...65535).contains(port) else {
                        return note("not a port number at \(at)")
                    }
                    settings.redirectPort = port
                default:
                    settings[known] = try optionalString(&reader, at: at)
                }
            }
            services[name] = settings
        }
        return services
    }

    private mutating func identities(_ reader: inout JSONReader) throws -> [Identity]? {
        guard try expect("[", &reader, depth: 1, at: "identities") else { return nil }
        var identities: [Identity] = []
        try reader.readArray(depth: 1) { reader in
            if let identity = try self.identity(&reader, at: "identities[\(identities.count)]") {
                identities.append(identity)
            } else {
                // Keep the positions in later messages right; the document is refused anyway.
                identities.append(Identity(id: "", service: "", userId: "", createdAt: Date(timeIntervalSince1970: 0),
                                           kind: .apiKey, credential: .apiKey("")))
            }
        }
        return identities
    }

    private mutating func identity(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> Identity? {
        guard try expect("{", &reader, depth: 2, at: path()) else { return nil }
        var id: String?, service: String?, userId: String?, tags: IdentityTags?
        var createdAt: Date?, updatedAt: Date?, status: IdentityStatus?, kind: IdentityKind?, credential: Credential?
        var email: String?
        var check: IdentityCheckMark?
        var fine = true
        try reader.readObjectNames(depth: 2) { key, reader in
            let before = problem
            // Names compared as bytes: a `String` per name costs more than the rest of the member.
            if key.spells("id") {
                id = try string(&reader, at: "\(path()).id")
            } else if key.spells("service") {
                service = try string(&reader, at: "\(path()).service")
            } else if key.spells("userId") {
                userId = try string(&reader, at: "\(path()).userId")
            } else if key.spells("tags") {
                tags = try self.tags(&reader, at: "\(path()).tags")
            } else if key.spells("createdAt") {
                createdAt = try time(&reader, at: "\(path()).createdAt")
            } else if key.spells("updatedAt") {
                updatedAt = try time(&reader, at: "\(path()).updatedAt")
            } else if key.spells("status") {
                if let text = try string(&reader, at: "\(path()).status") {
                    status = IdentityStatus(rawValue: text)
                    if status == nil { note("unknown status '\(Self.shown(text))' at \(path()).status") }
                }
            } else if key.spells("kind") {
                if let text = try string(&reader, at: "\(path()).kind") {
                    kind = IdentityKind(rawValue: text)
                    if kind == nil { note("unknown kind '\(Self.shown(text))' at \(path()).kind") }
                }
            } else if key.spells("email") {
                email = try optionalString(&reader, at: "\(path()).email")
            } else if key.spells("check") {
                let value = try reader.value(depth: 3)
                check = IdentityCheckMark(json: value)
                if check == nil { note("\(path()).check is not a check (state, at, reason)") }
            } else if key.spells("credential") {
                credential = try self.credential(&reader, at: "\(path()).credential")
            } else {
                _ = try reader.value(depth: 3)
            }
            if before == nil, problem != nil { fine = false }
        }
        guard fine else { return nil }
        guard let id else { return missing("id", at: path()) }
        guard let service else { return missing("service", at: path()) }
        guard let userId else { return missing("userId", at: path()) }
        guard let tags else { return missing("tags", at: path()) }
        guard let createdAt else { return missing("createdAt", at: path()) }
        guard let updatedAt else { return missing("updatedAt", at: path()) }
        guard let status else { return missing("status", at: path()) }
        guard let kind else { return missing("kind", at: path()) }
        guard let credential else { return missing("credential", at: path()) }
        var identity = Identity(id: id, service: service, userId: userId, tags: tags, createdAt: createdAt, updatedAt: updatedAt,
                                status: status, kind: kind, credential: credential, email: email)
        identity.check = check
        return identity
    }

    private mutating func credential(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> Credential? {
        guard try expect("{", &reader, depth: 3, at: path()) else { return nil }
        var accessToken: String?, native: JSONObject?, refreshToken: String?
        try reader.readObjectNames(depth: 3) { key, reader in
            if key.spells("accessToken") {
                accessToken = try string(&reader, at: "\(path()).accessToken")
            } else if key.spells("native") {
                guard try expect("{", &reader, depth: 4, at: "\(path()).native") else { return }
                // As `reader.value` reads an object, with room for a token response's six or so
                // members from the start (growing the table was a third of this object's cost).
                var object = JSONObject()
                object.reserveCapacity(6)
                try reader.readObject(depth: 4) { name, reader in object[JSONKey(name)] = try reader.value(depth: 5) }
                native = object
            } else if key.spells("refresh_token") {
                refreshToken = try optionalString(&reader, at: "\(path()).refresh_token")
            } else {
                _ = try reader.value(depth: 4)
            }
        }
        guard let accessToken else { return missing("accessToken", at: path()) }
        guard let native else { return missing("native", at: path()) }
        return Credential(accessToken: accessToken, native: native, refreshToken: refreshToken)
    }

    private mutating func tags(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> IdentityTags? {
        guard try expect("{", &reader, depth: 3, at: path()) else { return nil }
        var tags = IdentityTags()
        try reader.readObject(depth: 3) { key, reader in
            if let value = try string(&reader, at: "\(path()).\(Self.shown(key))") { tags[key] = value }
        }
        return tags
    }

    // MARK: - Values

    /// A string, or nil (with a note) for anything else.
    private mutating func string(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> String? {
        guard try expect("\"", &reader, depth: 4, at: path()) else { return nil }
        return try reader.readString()
    }

    /// A string, or nil for `null` (how an unset optional may be written).
    private mutating func optionalString(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> String? {
        if try reader.readNull() { return nil }
        return try string(&reader, at: path())
    }

    /// A time in exactly the form the store writes, so what is read is written back unchanged.
    private mutating func time(_ reader: inout JSONReader, at path: @autoclosure () -> String) throws -> Date? {
        guard try expect("\"", &reader, depth: 4, at: path()) else { return nil }
        return try reader.withStringBytes { text, _ in
            guard let date = Timestamp.parseExact(utf8: text) else {
                note("'\(Self.shown(String(decoding: text, as: UTF8.self)))' is not a time like 2026-01-31T12:00:00Z at \(path())")
                return nil
            }
            return date
        }
    }

    /// True when the value at the cursor starts with `opening` (`"0"` stands for any number);
    /// otherwise notes the problem, skips the value and returns false.
    private mutating func expect(_ opening: Unicode.Scalar, _ reader: inout JSONReader, depth: Int, at path: @autoclosure () -> String) throws -> Bool {
        let next = reader.next
        let fits = opening == "0"
            ? next == UInt8(ascii: "-") || (next.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false)
            : next == UInt8(opening.value)
        if fits { return true }
        let value = try reader.value(depth: depth)
        note(value == .null ? "missing value at \(path())" : "wrong type at \(path())")
        return false
    }

    private mutating func missing<T>(_ key: String, at path: String) -> T? {
        note("missing \"\(key)\" at \(path)")
        return nil
    }

    /// Text from the file as it may appear in a message: JSON-escaped, so a message stays one line
    /// whatever a hand-edited (or hostile) file holds.
    static func shown(_ text: String) -> String {
        String(JSONValue.quote(text).dropFirst().dropLast())
    }

    private mutating func note(_ text: String) {
        if problem == nil { problem = text }
    }
}
