import Foundation

/// One answer of `everyauth api`, as it came, with its JSON and the array it lists when it has one.
package struct APIPage: Sendable {
    /// Status, headers and body as received.
    package var response: HTTPClient.Response
    /// The body parsed, when it is JSON.
    package var body: JSONValue?
    /// The key of the array the page lists (`incidents`, `records`), when there is one.
    package var arrayKey: String?

    /// The elements the page lists, in order.
    package var elements: [JSONValue] {
        arrayKey.flatMap { body?[$0]?.arrayValue } ?? []
    }

    /// The error of a non-2xx answer, nil for a success: PagerDuty's own (`PagerDutyError`), or for
    /// a 401 the token's source rejected (`OAuthError.unauthorized` for a stored identity,
    /// `TokenRejected` for a token given or from the environment).
    package var error: (any Error & Sendable)?
}

/// The pages one `--paginate` run has fetched: each next page must be new (another URL, an offset
/// that grows, a cursor not seen before), and there are at most `limit` of them (SPEC §7).
package struct PageTrail: Sendable {
    /// The most pages one run fetches: PagerDuty's classic pagination ends at offset 10,000, which
    /// is 10,000 pages at its smallest `limit`; cursor listings of that length are beyond any shell.
    package static let limit = 10_000

    private var urls: Set<String> = []
    private var cursors: Set<String> = []
    private var lastOffset: Int?
    package private(set) var count = 0

    package init() {}

    /// Records `url` as the next page to fetch, or throws when it would repeat the trail.
    package mutating func admit(_ url: String) throws(PaginationError) {
        guard count < Self.limit else { throw .tooManyPages(limit: Self.limit) }
        let items = FormEncoding.decode(URLComponents(string: url)?.percentEncodedQuery ?? "")
        if let cursor = items.last(where: { $0.0 == "cursor" })?.1 {
            guard cursors.insert(cursor).inserted else { throw .repeated(page: count + 1) }
        } else if let offset = items.last(where: { $0.0 == "offset" }).flatMap({ Int($0.1) }) {
            if let lastOffset, offset <= lastOffset { throw .repeated(page: count + 1) }
            lastOffset = offset
        }
        guard urls.insert(url).inserted else { throw .repeated(page: count + 1) }
        count += 1
    }
}

/// `--paginate` stopped because the server's pagination would not end (exit 5).
package enum PaginationError: LocalizedError, Sendable, Equatable {
    /// Page `page` would have repeated one already fetched (same URL, an offset that did not grow,
    /// a cursor seen before).
    case repeated(page: Int)
    /// The server still had more after `limit` pages.
    case tooManyPages(limit: Int)

    package var errorDescription: String? {
        switch self {
        case .repeated(let page):
            return "the server's pagination repeats itself: page \(page) would fetch a page already fetched; stopped after \(page - 1) pages"
        case .tooManyPages(let limit):
            return "the server still had more after \(limit) pages; stopped there (narrow the request with filters)"
        }
    }
}

/// PagerDuty's two ways of saying where the next page starts: classic (`offset`/`limit`/`more`)
/// and cursor (`cursor`/`next_cursor`, e.g. `/audit/records`).
package enum APIPagination {
    /// The key of the array a listing page holds: the one named like the path's last segment
    /// (`/incidents/{id}/log_entries` lists `log_entries`), else the only array at the top level.
    package static func arrayKey(in body: JSONValue, url: String) -> String? {
        guard let members = body.objectValue else { return nil }
        let arrays = members.filter { $0.value.arrayValue != nil }.map(\.key)
        let last = URLComponents(string: url)?.path.split(separator: "/").last.map(String.init)
        if let last, arrays.contains(last) { return last }
        return arrays.count == 1 ? arrays[0] : nil
    }

    /// The URL of the page after the one `url` answered with `body`, or nil when it was the last.
    package static func next(after url: String, body: JSONValue, elementCount: Int) -> String? {
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
    public func send(_ request: HTTPClient.Request) async throws -> HTTPClient.Response {
        try await authorized(request).response
    }

    /// Sends `request` and, when `paginate` is true, every following page, handing each to `page`
    /// in order; stops after the first non-2xx answer (which is handed over too). A server whose
    /// next page would repeat one already fetched, or that keeps saying "more" past `PageTrail.limit`
    /// pages, ends the run with `PaginationError` (SPEC §4, §7) instead of a loop that sends the token
    /// forever.
    package func pages(_ request: HTTPClient.Request, paginate: Bool, _ page: (APIPage) async throws -> Void) async throws {
        var next: HTTPClient.Request? = request
        var trail = PageTrail()
        while let current = next {
            try trail.admit(current.url)
            let (response, token) = try await authorized(current)
            let body = JSONValue.parseIfJSON(response.body)
            let key = body.flatMap { APIPagination.arrayKey(in: $0, url: current.url) }
            let failure = (200..<300).contains(response.status) ? nil : failure(for: response, token: token)
            let answer = APIPage(response: response, body: body, arrayKey: key, error: failure)
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
}
