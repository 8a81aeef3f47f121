import Foundation

/// One `-f`/`-F` field of `everyauth api`: its name as typed (`key`, `key[]`, `a[b]`, `a[b][]`)
/// and its value.
package struct APIField: Sendable, Equatable {
    /// The name as typed, brackets included (`statuses[]`): the query key, or the path into the body.
    package var name: String
    /// The value: always a string from `-f`, typed from `-F`.
    package var value: JSONValue

    /// A field with an already typed value.
    package init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }

    /// `KEY=VALUE` from `-f`: the value stays a string, whatever it looks like.
    package static func string(_ pair: String) throws(InvalidInput) -> APIField {
        let (name, text) = try split(pair)
        return APIField(name: name, value: .string(text))
    }

    /// `KEY=VALUE` from `-F`: `true`, `false`, `null` and integers become JSON values, `@FILE`
    /// the contents of FILE (read by `readFile`, which also gets `-` for stdin), anything else a string.
    package static func typed(_ pair: String, readFile: (String) throws -> String) throws -> APIField {
        let (name, text) = try split(pair)
        let value: JSONValue
        switch text {
        case "true": value = .bool(true)
        case "false": value = .bool(false)
        case "null": value = .null
        default:
            if text.hasPrefix("@") {
                value = .string(try readFile(String(text.dropFirst())))
            } else if let number = Int64(text), number.magnitude <= 1 << 53 {
                // Only integers a double (JSONValue's number) carries exactly; larger ones stay text.
                value = .number(Double(number))
            } else {
                value = .string(text)
            }
        }
        return APIField(name: name, value: value)
    }

    private static func split(_ pair: String) throws(InvalidInput) -> (String, String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw InvalidInput(.apiField, "'\(pair)' is not KEY=VALUE; give fields like title=Broken")
        }
        let name = String(pair[..<equals])
        _ = try path(of: name)
        return (name, String(pair[pair.index(after: equals)...]))
    }

    /// `a[b][c][]` as (["a", "b", "c"], appends: true); a malformed name is `InvalidInput`.
    static func path(of name: String) throws(InvalidInput) -> (keys: [String], appends: Bool) {
        let bad = InvalidInput(.apiField, "'\(name)' is not a field name; use key, key[] (an array) or key[sub] (an object member)")
        guard let open = name.firstIndex(of: "[") else {
            guard !name.contains("]") else { throw bad }
            return ([name], false)
        }
        var keys = [String(name[..<open])]
        guard !keys[0].isEmpty else { throw bad }
        var rest = name[open...]
        var appends = false
        while !rest.isEmpty {
            guard !appends, rest.first == "[", let close = rest.firstIndex(of: "]") else { throw bad }
            let key = rest[rest.index(after: rest.startIndex)..<close]
            if key.isEmpty { appends = true } else {
                guard !key.contains("[") else { throw bad }
                keys.append(String(key))
            }
            rest = rest[rest.index(after: close)...]
        }
        return (keys, appends)
    }

    /// The value as it goes into a query string: strings as they are, `null` as nothing.
    var queryText: String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        default: return value.serialized(pretty: false)
        }
    }
}

/// A call of any PagerDuty REST endpoint, built as `gh api` builds one (SPEC §2 "api"): the method
/// defaults to GET, or POST when fields or a body are given; on GET (or with a body of its own)
/// fields go to the query string, otherwise into a JSON object body.
package struct APIRequest: Sendable {
    /// `-X`, or nil for the default.
    package var method: String?
    /// A path under the service's `apiUrl`, or an absolute URL on that same origin.
    package var path: String
    /// `-f` and `-F` fields, in the order given.
    package var fields: [APIField] = []
    /// `-H` headers; they replace the defaults of the same name.
    package var headers: [HTTPHeader] = []
    /// `--input`: the body as given.
    package var body: Data?
    /// The `From` header PagerDuty wants on writes (an email address).
    package var from: String?

    /// A request for `path`; add fields, headers and a body before building it.
    package init(method: String? = nil, path: String) {
        self.method = method
        self.path = path
    }

    /// The method sent.
    package var effectiveMethod: String {
        if let method { return method.uppercased() }
        return fields.isEmpty && body == nil ? "GET" : "POST"
    }

    /// Parses one `-H 'Name: value'`; Authorization is refused, the token comes from the identity.
    package static func header(_ line: String) throws(InvalidInput) -> HTTPHeader {
        guard let colon = line.firstIndex(of: ":") else {
            throw InvalidInput(.apiHeader, "'\(line)' is not 'Name: value'")
        }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let tokenCharacters = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(tokenCharacters.contains) else {
            throw InvalidInput(.apiHeader, "'\(name)' is not a header name")
        }
        guard !ControlCharacter.any(in: value) else {
            throw InvalidInput(.apiHeader, "the value of \(name) contains a control character")
        }
        guard name.lowercased() != "authorization" else {
            throw InvalidInput(.apiHeader, "Authorization comes from the credential in use (a token or a user's identity), never from a header")
        }
        return HTTPHeader(name, value)
    }

    /// Where the request goes: PATH under `apiURL`, or an absolute URL on `apiURL`'s scheme, host
    /// and port, so that a token is never sent anywhere else.
    package static func resolve(_ path: String, apiURL: String) throws(InvalidInput) -> String {
        guard !path.isEmpty, !path.unicodeScalars.contains(where: { $0 == " " || ControlCharacter.isControl($0) }) else {
            throw InvalidInput(.apiPath, "'\(path)' is empty or contains spaces or control characters")
        }
        let base = try EndpointURL.validate(apiURL, as: .setting(.apiUrl))
        // Any `scheme://` is an absolute URL, so that `ftp://...` is refused rather than sent as a path.
        if let scheme = path.range(of: "://").map({ path[..<$0.lowerBound] }), !scheme.isEmpty,
           scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) {
            let target = try EndpointURL.validate(path, as: .apiPath)
            guard sameOrigin(target, base) else {
                throw InvalidInput(.apiPath, "\(target.host ?? path) is not the API host \(base.host ?? apiURL); tokens go only to the service's apiUrl")
            }
            return path
        }
        var root = apiURL
        while root.hasSuffix("/") { root.removeLast() }
        let url = root + (path.hasPrefix("/") ? path : "/" + path)
        guard let built = URL(string: url), sameOrigin(built, base) else {
            throw InvalidInput(.apiPath, "'\(path)' does not name a path under \(apiURL)")
        }
        return url
    }

    private static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && port(a) == port(b) && a.user == nil && a.password == nil
    }

    /// The HTTP request, without `Authorization` (the client adds it).
    package func httpRequest(apiURL: String) throws(InvalidInput) -> HTTPClient.Request {
        let method = effectiveMethod
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw InvalidInput(.apiMethod, "'\(self.method ?? "")' is not an HTTP method")
        }
        var url = try Self.resolve(path, apiURL: apiURL)
        var payload = body
        if !fields.isEmpty {
            if method == "GET" || method == "HEAD" || body != nil {
                let query = FormEncoding.encode(fields.map { ($0.name, $0.queryText) })
                url += (url.contains("?") ? "&" : "?") + query
            } else {
                payload = Data(try Self.jsonObject(fields).serialized(pretty: false).utf8)
            }
        }
        var all = [HTTPHeader("Accept", PagerDutyClient.accept)]
        if payload != nil { all.append(HTTPHeader("Content-Type", "application/json")) }
        if let from, !from.isEmpty, method != "GET", method != "HEAD" { all.append(HTTPHeader("From", from)) }
        for header in headers {
            all.removeAll { $0.name.caseInsensitiveCompare(header.name) == .orderedSame }
        }
        all += headers
        // SPEC §4: PUT (and the other idempotent methods) are retried like GET; POST and PATCH are not.
        let idempotent = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
        return HTTPClient.Request(method: method, url: url, headers: all, body: payload, retryOnFailure: idempotent)
    }

    /// The JSON object body the fields describe: `a[b]=1` nests, `a[]=1 a[]=2` makes an array.
    static func jsonObject(_ fields: [APIField]) throws(InvalidInput) -> JSONValue {
        var root = JSONValue.object([:])
        for field in fields {
            let (keys, appends) = try APIField.path(of: field.name)
            try insert(field.value, keys: keys[...], appends: appends, into: &root, name: field.name)
        }
        return root
    }

    private static func insert(_ value: JSONValue, keys: ArraySlice<String>, appends: Bool, into node: inout JSONValue, name: String) throws(InvalidInput) {
        let conflict = InvalidInput(.apiField, "'\(name)' conflicts with another field of the same name")
        guard case .object(var members) = node else { throw conflict }
        let key = keys.first!
        if keys.count == 1 {
            if appends {
                var elements: [JSONValue] = []
                if let existing = members[key] {
                    guard case .array(let present) = existing else { throw conflict }
                    elements = present
                }
                members[key] = .array(elements + [value])
            } else {
                guard members[key] == nil else { throw conflict }
                members[key] = value
            }
        } else {
            var child = members[key] ?? .object([:])
            try insert(value, keys: keys.dropFirst(), appends: appends, into: &child, name: name)
            members[key] = child
        }
        node = .object(members)
    }
}
