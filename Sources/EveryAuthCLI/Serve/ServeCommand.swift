import ArgumentParser
import EveryAuthCore
import EveryAuthWeb
import Foundation

/// `everyauth serve`: the web authorization flow for a team, behind an authenticating proxy
/// (SPEC §2 "serve"). The server itself is `EveryAuthWeb.AuthorizationServer`; this file parses
/// the flags and reports.
struct ServeCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a connect link per service (/pagerduty) so that a team's users authorize in their browser.",
        discussion: """
            Run it behind an authenticating proxy (oauth2-proxy or the like) that sets the signed-in user's id \
            in a request header and overwrites any copy the browser sent; name that header with \
            --user-id-header (or $EVERYAUTH_USER_ID_HEADER). Without it serve does not start. A user opening \
            <public-url>/pagerduty is sent to PagerDuty and back to <public-url>/pagerduty/callback (register \
            that redirect URI with the app), and the identity is stored for the user id. Pending authorizations \
            live in the store for 10 minutes, so several instances sharing a PostgreSQL store (--store) can \
            serve one link. Only the proxy is answered: a request from any other address (not a \
            --trusted-proxy; by default 127.0.0.1 and ::1) gets 403, and a non-loopback --listen must name \
            its proxies. A user id is 1 to 256 bytes of UTF-8 without control characters (else a 400 page). \
            Limits: a connection idle, or slow to send its request, for 30 s is closed; at most half the \
            descriptor limit (ulimit -n), and never more than 1024, connections are open at once (the one \
            idle longest is closed first); at most 5 pending authorizations per user (a sixth drops the \
            oldest) and 10,000 in all (then 503). GET /healthz answers "ok", or 503 when the store cannot \
            be used. An access log (method, path without query, status, duration) and one line per \
            authorization go to stderr; codes, states and tokens never do. A database password belongs in \
            $PGPASSWORD or $EVERYAUTH_STORE_URL, not in --store, where ps shows it. With --webhook-url and \
            --webhook-secret-file, each identity stored is also POSTed to that address as a JSON event \
            ({"type":"authorized","service","userId","identityId","time"}; never a token or a code), signed with \
            X-EveryAuth-Signature: sha256=HEX, the HMAC-SHA256 under the secret of the X-EveryAuth-Timestamp \
            value, a dot and the body (see the README for a receiver). Delivery never delays the browser: \
            events wait in memory (at most 1,000; when full the oldest is dropped with a warning) and are \
            retried on network errors, 5xx and 429 (5 attempts, about 1, 2, 4, 8 s apart, or a Retry-After \
            up to 30 s); any other 4xx is given up at once. One line per attempt goes to stderr (type, host, \
            status, attempt). SIGTERM or SIGINT stops accepting connections and lets the requests in flight \
            finish; pending webhooks then get 5 s before they are dropped.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("listen"), help: ArgumentHelp(
        "Address to listen on: 127.0.0.1:8080, [::1]:8080; a non-loopback host needs an https --public-url and --trusted-proxy.",
        valueName: "host:port"))
    var listen: String

    @Option(name: .customLong("public-url"), help: ArgumentHelp(
        "The address browsers reach this server at, through the proxy (https://auth.example.com).", valueName: "url"))
    var publicURL: String

    @Option(name: .customLong("user-id-header"), help: ArgumentHelp(
        "The header the proxy sets to the signed-in user's id, e.g. X-Forwarded-User (default: $EVERYAUTH_USER_ID_HEADER).",
        valueName: "name"))
    var userIdHeader: String?

    @Option(name: .customLong("finished-url"), help: ArgumentHelp(
        "Send the browser here after success (default: a thank-you page at <public-url>/done).", valueName: "url"))
    var finishedURL: String?

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "Answer requests only from this address or network (repeatable; default: 127.0.0.1 and ::1; required with a non-loopback --listen).",
        valueName: "addr[/prefix]"))
    var trustedProxies: [String] = []

    @OptionGroup var webhook: WebhookOptions

    func validate() throws {
        try validatingUsage {
            _ = try Self.listenAddress(listen)
            try EveryAuthEnvironment.requireValue(publicURL, flag: "--public-url", what: "address")
            if let userIdHeader { try EveryAuthEnvironment.requireValue(userIdHeader, flag: "--user-id-header", what: "header name") }
        }
        if let finishedURL { try validatingUsage { _ = try FinishedURL.validate(finishedURL) } }
        _ = try Self.proxies(trustedProxies)
    }

    /// The `--trusted-proxy` values; nil when none was given (the server's loopback default).
    static func proxies(_ values: [String]) throws -> [TrustedProxy]? {
        guard !values.isEmpty else { return nil }
        return try values.map { value in
            guard let proxy = TrustedProxy(value) else {
                throw ValidationError("--trusted-proxy must be an IP address or a network ADDR/PREFIX (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8), not '\(TerminalText.sanitized(value))'")
            }
            return proxy
        }
    }

    func execute(_ context: CommandContext) async throws {
        guard let header = userIdHeader ?? context.environment.variables["EVERYAUTH_USER_ID_HEADER"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw UsageError("serve needs to know who the user is: give --user-id-header NAME (the header your authenticating proxy sets, e.g. X-Forwarded-User) or set $EVERYAUTH_USER_ID_HEADER")
        }
        let (host, port) = try Self.listenAddress(listen)
        if let store = global.store, let address = try? PostgresAddress(url: store, environment: ["USER": "-"]), address.password != nil {
            // `ps` shows every user the command line of a server that runs for days.
            context.warning("the --store URL holds a password, which other users of this machine can see in 'ps'; put it in $PGPASSWORD, or the whole URL in $EVERYAUTH_STORE_URL")
        }
        let stderr = context.streams.stderr
        let store: any Store = try context.store
        var configuration = AuthorizationServer.Configuration(
            host: host, port: port, publicURL: publicURL, userIdHeader: header, finishedURL: finishedURL,
            store: store, http: try context.makeHTTPClient(), trustedProxies: try Self.proxies(trustedProxies),
            log: { line in stderr.write(TerminalText.sanitized(line) + "\n") })
        // Read again here, not kept from validate(): the file may have changed in between.
        if let webhook = try webhook.resolved() {
            configuration.webhookURL = webhook.url
            configuration.webhookSecret = webhook.secret
        }
        let server = try AuthorizationServer(configuration)
        let services = try await server.services()
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        let links = services.map { base + "/" + $0.rawValue }.joined(separator: " ")
        let display = host.contains(":") ? "[\(host)]" : host
        try await server.run { bound in
            // One line a script (or a test) can wait for; the bound port matters for --listen HOST:0.
            stderr.write(TerminalText.sanitized(
                "everyauth serve: listening on http://\(display):\(bound); connect links: \(links); user id from \(header); store \(store.location.redacted)") + "\n")
        }
        context.err("everyauth serve: stopped")
    }

    /// `HOST:PORT` or `[IPv6]:PORT`, port 0-65535 (0: any free port).
    static func listenAddress(_ text: String) throws -> (host: String, port: Int) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw UsageError("--listen must be HOST:PORT, such as 127.0.0.1:8080, not '\(text)'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw UsageError("--listen must be HOST:PORT, such as 127.0.0.1:8080, not '\(text)'")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:".unicodeScalars.contains($0) }) else {
            throw UsageError("--listen must be HOST:PORT, such as 127.0.0.1:8080, not '\(text)'")
        }
        guard let port = Int(portText), (0...65_535).contains(port), portText.allSatisfy(\.isNumber) else {
            throw UsageError("--listen: the port must be a number 0-65535, not '\(portText)'")
        }
        return (String(host), port)
    }
}
