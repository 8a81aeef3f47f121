import EveryAuthCore
import HTTPTypes
import Hummingbird

/// The pages and redirects the web flow answers with (SPEC §2 "serve"): plain HTML with nothing
/// loaded from elsewhere, never cached, never sending the callback address (code, state) on as a
/// `Referer`. Text from a request or a provider is escaped; codes, states and tokens never appear.
public enum AuthorizationPage {
    /// Headers every answer of the flow carries, redirects included.
    public static let securityHeaders: [(HTTPField.Name, String)] = [
        (.cacheControl, "no-store"),
        (referrerPolicy, "no-referrer"),
        // Belt and braces for "no external resources": the browser would refuse to load any.
        (.contentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        (.xContentTypeOptions, "nosniff"),
    ]

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// A plain page with `title` and `message` (both escaped here) and the given status.
    public static func response(status: Int, title: String, message: String, link: (href: String, text: String)? = nil) -> Response {
        var body = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(HTMLText.escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
            <h1>\(HTMLText.escape(title))</h1>
            <p>\(HTMLText.escape(message))</p>

            """
        if let link { body += "<p><a href=\"\(HTMLText.escape(link.href))\">\(HTMLText.escape(link.text))</a></p>\n" }
        body += "</body></html>\n"
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

/// HTML escaping for text that came from a request or a provider.
public enum HTMLText {
    /// `text` with `& < > " '` replaced by entities and control characters (other than tab and
    /// newline) by U+FFFD, so it can stand in element content and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if ServerText.isControl(scalar) { output += "\u{FFFD}" } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}
