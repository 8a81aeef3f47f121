import EveryAuthCore
import Foundation
import Hummingbird

/// One line of the access log: method, path without its query (where codes and states travel),
/// status and duration; nothing else from the request.
public struct AccessLogEntry: Sendable, Equatable {
    public var method: String
    /// The request path alone, cut at 200 characters.
    public var path: String
    public var status: Int
    public var durationMilliseconds: Double

    public init(method: String, path: String, status: Int, durationMilliseconds: Double) {
        self.method = method
        self.path = path
        self.status = status
        self.durationMilliseconds = durationMilliseconds
    }

    /// `ts=... method=GET path="/pagerduty/callback" status=302 duration_ms=12.3` (logfmt); the
    /// path is quoted with controls, quotes and backslashes escaped, so a request cannot add a line
    /// or a field.
    public func line(at time: Date = Date()) -> String {
        "ts=\(Timestamp.format(time)) method=\(LogField.quoted(method)) path=\(LogField.quoted(path)) status=\(status) duration_ms="
            + String(format: "%.1f", durationMilliseconds)
    }
}

/// Quoting of logfmt values that may come from a request.
public enum LogField {
    /// `text` in double quotes, with `"` and `\` escaped and controls as `\u{XX}`, cut at 200.
    public static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars.prefix(200) {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            default:
                if ControlCharacter.isControl(scalar) || scalar.properties.generalCategory == .format {
                    output += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}

/// Writes an `AccessLogEntry` for every request that reaches the router, errors included.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let write: @Sendable (AccessLogEntry) -> Void

    public init(write: @escaping @Sendable (AccessLogEntry) -> Void) {
        self.write = write
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func entry(_ status: Int) -> AccessLogEntry {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return AccessLogEntry(method: request.method.rawValue, path: request.uri.path, status: status, durationMilliseconds: milliseconds)
        }
        do {
            let response = try await next(request, context)
            write(entry(response.status.code))
            return response
        } catch {
            write(entry((error as? any HTTPResponseError)?.status.code ?? 500))
            throw error
        }
    }
}

/// Puts the flow's security headers (`Cache-Control: no-store`, `Referrer-Policy: no-referrer`,
/// ...) on every answer that lacks them: 404s and `/healthz` of `everyauth serve` too.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = AuthorizationPage.response(status: error.status.code, title: error.status.reasonPhrase,
                                                  message: error.status.code == 404 ? "There is nothing at this address." : error.status.reasonPhrase)
        }
        for (name, value) in AuthorizationPage.securityHeaders where response.headers[name] == nil {
            response.headers[name] = value
        }
        return response
    }
}
