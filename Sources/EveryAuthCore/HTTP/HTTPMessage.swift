import Foundation

/// One header line.
public struct HTTPHeader: Sendable, Equatable {
    /// The header's name, as sent.
    public var name: String
    /// The header's value.
    public var value: String

    /// A header line.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The messages of `HTTPClient`, nested so they never clash with `HTTPTypes`' `HTTPClient.Request` and
/// `HTTPClient.Response` in a Hummingbird app that imports both.
extension HTTPClient {
    /// A request for `HTTPClient`.
    public struct Request: Sendable {
        /// `GET`, `POST`, ...
        public var method: String
        /// The absolute URL.
        public var url: String
        /// Header lines, in order.
        public var headers: [HTTPHeader]
        /// The body, if any.
        public var body: Data?
        /// Whether 5xx answers and every connection failure may be retried; defaults to true for GET, HEAD
        /// and PUT (idempotent: sending it twice leaves the same state).
        /// When false, only 429 (the server did not process it) and failures before any byte was sent
        /// (resolve, connect) are retried, and the request gets a fresh connection: it never arrives twice.
        public var retryOnFailure: Bool

        /// A request; `retryOnFailure` defaults to true for GET, HEAD and PUT.
        public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Data? = nil, retryOnFailure: Bool? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.retryOnFailure = retryOnFailure ?? (method == "GET" || method == "HEAD" || method == "PUT")
        }

        /// A form-urlencoded POST (OAuth token requests).
        public static func form(url: String, fields: [(String, String)], headers: [HTTPHeader] = []) -> Request {
            let body = FormEncoding.encode(fields)
            return Request(
                method: "POST", url: url,
                headers: headers + [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Data(body.utf8))
        }
    }

    /// What came back: status, headers (in order received) and the whole body.
    public struct Response: Sendable {
        /// The HTTP status code.
        public var status: Int
        /// Header lines, in order.
        public var headers: [HTTPHeader]
        /// The whole body.
        public var body: Data
        /// Total time of the successful attempt, in seconds.
        public var duration: TimeInterval

        /// A response with every field given.
        public init(status: Int, headers: [HTTPHeader], body: Data, duration: TimeInterval = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.duration = duration
        }

        /// The last value of a header, matched case-insensitively.
        public func header(_ name: String) -> String? {
            headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }
}

/// `application/x-www-form-urlencoded` and query-string encoding (RFC 3986 unreserved kept).
package enum FormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes one name or value.
    package static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `a=1&b=2`, in the given order.
    package static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Parses `a=1&b=2` (also `+` for space), keeping order and repeats.
    package static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (unescape(parts[0]), parts.count > 1 ? unescape(parts[1]) : "")
        }
    }
}
