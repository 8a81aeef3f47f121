import EveryAuthCore
import HTTPTypes
import Hummingbird

/// The pages and redirects the web flow answers with (SPEC §2 "serve"): plain HTML with nothing
/// loaded from elsewhere, never cached, never sending the callback address (code, state) on as a
/// `Referer`. Text from a request or a provider is escaped; codes, states and tokens never appear.
public enum AuthorizationPage {
    /// Headers every answer of the flow carries, redirects included (`BrowserPage.securityHeaders`).
    public static let securityHeaders: [(HTTPField.Name, String)] = BrowserPage.securityHeaders.map { (HTTPField.Name($0.name)!, $0.value) }

    /// A plain page with `title` and `message` (both escaped here), links, and the given status.
    public static func response(status: Int, title: String, message: String, links: [(href: String, text: String)] = []) -> Response {
        let body = BrowserPage.html(title: title, message: message, links: links)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A 302 to `location` with the same headers as the pages.
    public static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: .found, headers: headers)
    }
}
