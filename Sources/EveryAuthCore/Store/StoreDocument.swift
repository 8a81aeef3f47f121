import Foundation

/// The whole of `everyauth.json`: `{"version": 1, "services": {...}, "identities": [...]}`.
public struct StoreDocument: Codable, Sendable, Equatable {
    /// The only format version this build reads and writes.
    public static let currentVersion = 1

    public var version: Int
    public var services: [String: ServiceSettings]
    public var identities: [Identity]

    public init(version: Int = StoreDocument.currentVersion, services: [String: ServiceSettings] = [:], identities: [Identity] = []) {
        self.version = version
        self.services = services
        self.identities = identities
    }

    /// Decodes a store file's bytes; `path` names the file in errors.
    public static func decode(_ data: Data, path: String) throws -> StoreDocument {
        // Probe the top level first so the error says what is wrong before any field is decoded.
        let top: JSONValue
        do {
            top = try JSONValue.parse(data)
        } catch {
            throw StoreError.corrupt(path: path, reason: data.isEmpty ? "the file is empty" : "not valid JSON")
        }
        guard let object = top.objectValue else {
            throw StoreError.corrupt(path: path, reason: "not a JSON object")
        }
        guard let rawVersion = object["version"] else {
            throw StoreError.corrupt(path: path, reason: "no \"version\" field")
        }
        guard case .number(let number) = rawVersion, let version = Int(exactly: number) else {
            throw StoreError.corrupt(path: path, reason: "\"version\" is not a whole number")
        }
        guard version == currentVersion else {
            throw StoreError.unsupportedVersion(path: path, version: version)
        }
        do {
            return try decoder.decode(StoreDocument.self, from: data)
        } catch let error as DecodingError {
            throw StoreError.corrupt(path: path, reason: describe(error))
        }
    }

    /// The bytes written to disk: pretty, sorted keys, trailing newline.
    public func encoded() throws -> Data {
        var data = try Self.encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Settings of one service, or the error telling the user to run `service set`.
    public func settings(for service: ServiceKind) throws -> EffectiveServiceSettings {
        guard let stored = services[service.rawValue] else {
            throw LookupError.serviceNotConfigured(service.rawValue)
        }
        return EffectiveServiceSettings(service: service, stored: stored)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
            }
            return date
        }
        return decoder
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return encoder
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "unreadable"
        }
    }
}

/// ISO 8601 times as the store and `-o json` write them (UTC, seconds, `Z`).
public enum Timestamp {
    /// `2026-11-29T03:40:49Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Accepts times with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
