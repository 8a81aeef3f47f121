import Foundation

/// One answer of `everyauth api`, as it came, with its JSON and the array it lists when it has one.
public struct APIPage: Sendable {
    /// Status, headers and body as received.
    public var response: HTTPResponse
    /// The body parsed, when it is JSON.
    public var body: JSONValue?
    /// The key of the array the page lists (`incidents`, `records`), when there is one.
    public var arrayKey: String?

    /// The elements the page lists, in order.
    public var elements: [JSONValue] {
        arrayKey.flatMap { body?[$0]?.arrayValue } ?? []
    }

    /// PagerDuty's error for a non-2xx answer (401 and 403 are `unauthorized`/`forbidden`), else nil.
    public var error: PagerDutyError? {
        (200..<300).contains(response.status) ? nil : PagerDutyClient.error(for: response)
    }
}

/// PagerDuty's two ways of saying where the next page starts: classic (`offset`/`limit`/`more`)
/// and cursor (`cursor`/`next_cursor`, e.g. `/audit/records`).
public enum APIPagination {
    /// The key of the array a listing page holds: the one named like the path's last segment
    /// (`/incidents/{id}/log_entries` lists `log_entries`), else the only array at the top level.
    public static func arrayKey(in body: JSONValue, url: String) -> String? {
        guard let members = body.objectValue else { return nil }
        let arrays = members.filter { $0.value.arrayValue != nil }.map(\.key)
        let last = URLComponents(string: url)?.path.split(separator: "/").last.map(String.init)
        if let last, arrays.contains(last) { return last }
        return arrays.count == 1 ? arrays[0] : nil
    }

    /// The URL of the page after the one `url` answered with `body`, or nil when it was the last.
    public static func next(after url: String, body: JSONValue, elementCount: Int) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        var items = FormEncoding.decode(components.percentEncodedQuery ?? "")
        func value(_ name: String) -> String? { items.last { $0.0 == name }?.1 }
        func replacing(_ name: String, with text: String) -> String {
            items.removeAll { $0.0 == name }
            items.append((name, text))
            components.percentEncodedQuery = FormEncoding.encode(items)
            return components.string ?? url
        }
        if let members = body.objectValue, members["next_cursor"] != nil {
            guard let cursor = body["next_cursor"]?.stringValue, !cursor.isEmpty, cursor != value("cursor") else { return nil }
            return replacing("cursor", with: cursor)
        }
        guard case .bool(true) = body["more"], elementCount > 0 else { return nil }
        let offset = body["offset"]?.intValue ?? value("offset").flatMap(Int.init) ?? 0
        let limit = body["limit"]?.intValue ?? elementCount
        return replacing("offset", with: String(offset + max(limit, elementCount)))
    }
}

extension PagerDutyClient {
    /// Sends `request` with the token in `Authorization`; a 401 gets one forced refresh and one
    /// retry (SPEC §4). Returns whatever status came last.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var token = await auth.current()
        var response = try await http.send(authorized(request, token))
        if response.status == 401, let fresh = try await auth.replacement(for: token) {
            token = fresh
            response = try await http.send(authorized(request, token))
        }
        return response
    }

    /// Sends `request` and, when `paginate` is true, every following page, handing each to `page`
    /// in order; stops after the first non-2xx answer (which is handed over too).
    public func pages(_ request: HTTPRequest, paginate: Bool, _ page: (APIPage) async throws -> Void) async throws {
        var next: HTTPRequest? = request
        while let current = next {
            let response = try await send(current)
            let body = JSONValue.parseIfJSON(response.body)
            let key = body.flatMap { APIPagination.arrayKey(in: $0, url: current.url) }
            let answer = APIPage(response: response, body: body, arrayKey: key)
            try await page(answer)
            next = nil
            if paginate, answer.error == nil, let body,
               let url = APIPagination.next(after: current.url, body: body, elementCount: answer.elements.count) {
                var following = current
                following.url = url
                next = following
            }
        }
    }

    private func authorized(_ request: HTTPRequest, _ token: PagerDutyToken) -> HTTPRequest {
        var request = request
        request.headers.removeAll { $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }
        request.headers.append(HTTPHeader("Authorization", token.headerValue))
        return request
    }
}
