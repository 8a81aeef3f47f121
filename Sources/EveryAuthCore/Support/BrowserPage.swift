import Foundation

/// What every page everyauth shows a browser has in common, in one place for both of its servers
/// (the loopback callback of `authorize` and the web flow of `serve`): the headers, the HTML
/// escaping of text that came from a request or a provider, and the page itself.
package enum BrowserPage {
    /// Headers every answer carries, redirects included: never cached, the callback address
    /// (code, state) never sent on as a `Referer`, nothing loaded from elsewhere (the policy would
    /// refuse it), no content sniffing.
    package static let securityHeaders: [(name: String, value: String)] = [
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    /// A plain HTML page with `title` and `message`, both escaped here, and links, one a line.
    package static func html(title: String, message: String, links: [(href: String, text: String)] = []) -> String {
        var body = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
            <h1>\(escape(title))</h1>
            <p>\(escape(message))</p>

            """
        for link in links { body += "<p><a href=\"\(escape(link.href))\">\(escape(link.text))</a></p>\n" }
        body += "</body></html>\n"
        return body
    }

    /// `text` with `& < > " '` replaced by entities and control characters (other than tab and
    /// newline) by U+FFFD, so it can stand in element content and in quoted attributes.
    package static func escape(_ text: String) -> String {
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
                if ControlCharacter.isControl(scalar) { output += "\u{FFFD}" } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}

/// Where the browser goes after a successful authorization instead of the thank-you page
/// (`authorize --finished-url`, `serve --finished-url`, a pending authorization's own address):
/// one rule for all of them.
package enum FinishedURL {
    /// `text` when it is an absolute `http` or `https` address with a host, no user or password
    /// and no control characters; otherwise `InvalidInput(.finishedURL)`.
    package static func validate(_ text: String) throws(InvalidInput) -> String {
        guard origin(of: text) != nil else {
            throw InvalidInput(.finishedURL, "'\(text)' is not an http or https address with a host")
        }
        return text
    }

    /// The origin (`scheme://host:port`, lowercased, the port made explicit) of an address that
    /// passes `validate`, else nil: two addresses may be trusted alike when their origins are equal.
    package static func origin(of text: String) -> String? {
        guard !ControlCharacter.any(in: text), let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = parts.host?.lowercased(), !host.isEmpty,
              parts.user == nil, parts.password == nil else { return nil }
        return "\(scheme)://\(host):\(parts.port ?? (scheme == "https" ? 443 : 80))"
    }
}
