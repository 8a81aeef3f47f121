import Foundation

/// The PagerDuty REST API refused a request.
public enum PagerDutyError: LocalizedError, Sendable, Equatable {
    /// 401: the token is not valid (exit 3).
    case unauthorized(message: String)
    /// 403: the token lacks a scope or permission (exit 3).
    case forbidden(message: String)
    /// Any other error answer, with PagerDuty's error body when present (exit 5).
    case api(status: Int, code: Int?, message: String, errors: [String])
    /// A success answer whose body is not what the API describes (exit 5).
    case malformedResponse(reason: String)

    public var errorDescription: String? {
        switch self {
        case .unauthorized(let message):
            return "PagerDuty rejected the token (HTTP 401): \(ServerText.safe(message))"
        case .forbidden(let message):
            return "PagerDuty refused access (HTTP 403): \(ServerText.safe(message)); the token lacks the scope or permission needed"
        case .api(let status, let code, let message, let errors):
            var text = "PagerDuty answered HTTP \(status): "
            if let code { text += "\(code): " }
            text += ServerText.safe(message)
            if !errors.isEmpty { text += " (\(ServerText.safe(errors.joined(separator: "; "))))" }
            return text
        case .malformedResponse(let reason):
            return "PagerDuty's answer could not be read: \(reason)"
        }
    }
}

/// PagerDuty answered 401 to a token handed in (not a stored identity's), so authorizing cannot
/// help: the token itself must be fixed (exit 3). `source` says where it came from.
package struct TokenRejected: LocalizedError, Sendable, Equatable {
    package let source: TokenSource
    /// PagerDuty's message, made safe.
    package let message: String

    package init(source: TokenSource, message: String) {
        self.source = source
        self.message = message
    }

    package var errorDescription: String? {
        let from: String
        switch source {
        case .given: from = "the token given"
        case .environment(let name): from = "the token in \(name)"
        case .identity(let service, let userId): from = "the \(service) token of user '\(userId)'"
        }
        return "PagerDuty rejected \(from) (HTTP 401): \(message)"
    }
}

/// An incident's web page (`html_url`) as PagerDuty gave it, fit to print and to hand to a browser
/// (SPEC §6): an `https` URL with a host, without user info, white space or control characters.
/// Anything else is a malformed answer (exit 5): an escape sequence in it would reach the terminal,
/// another scheme (`javascript:`, `file:`) would reach the browser.
package enum IncidentWebAddress {
    /// The checked `html_url` of `incident` (`id` names it in the error).
    package static func url(of incident: JSONValue, id: String) throws(PagerDutyError) -> String {
        guard let text = incident["html_url"]?.stringValue, !text.isEmpty else {
            throw .malformedResponse(reason: "incident \(id) has no web address (html_url)")
        }
        guard !text.unicodeScalars.contains(where: { ControlCharacter.isControl($0) || $0.properties.isWhitespace }),
              let components = URLComponents(string: text), components.scheme?.lowercased() == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil else {
            throw .malformedResponse(reason: "incident \(id)'s web address (html_url) is not a plain https address; it was not opened")
        }
        return text
    }
}
