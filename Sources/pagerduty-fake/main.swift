import Foundation
import PagerDutyFake

// `pagerduty-fake`: a fake PagerDuty (OAuth authorize and token endpoints, REST API) on 127.0.0.1
// for local trials and benchmarks. Prints what to give `everyauth service set`, runs until killed.
let usage = """
    usage: pagerduty-fake [--port N] [--incidents N] [--latency-ms N] [--token T ...]
                          [--client-id ID] [--client-secret S] [--redirect-port N ...] [--redirect-uri URI ...]
                          [--consent ask|approve|deny]
      --port N            listen on 127.0.0.1:N (default 0: any free port)
      --incidents N       incidents to serve, the newest created just now (default 1000)
      --latency-ms N      delay before every REST answer
      --token T           an API key (Token token=T) and Bearer token it accepts (default fake-api-key)
      --client-id ID      the registered OAuth client (default fake-client)
      --client-secret S   its secret (default: a public client, none)
      --redirect-port N   registers http://127.0.0.1:N/callback (default 8085 when no redirect is given)
      --redirect-uri URI  registers URI exactly
      --consent MODE      the authorize page: ask (approve and deny links, default), approve or deny at once

    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("pagerduty-fake: \(message) (see --help)\n".utf8))
    exit(64)
}

var port = 0
var count = 1_000
var latency = 0.0
var tokens: [String] = []
var clientId = "fake-client"
var clientSecret: String?
var redirects: [String] = []
var consent = OAuthServer.Consent.ask
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    FileHandle.standardOutput.write(Data(usage.utf8))
    exit(0)
}
var index = 0
while index < arguments.count {
    let flag = arguments[index]
    guard index + 1 < arguments.count else { fail("\(flag) needs a value") }
    let value = arguments[index + 1]
    index += 2
    func number(_ range: ClosedRange<Int>) -> Int {
        guard let parsed = Int(value), range.contains(parsed) else { fail("\(flag) must be a number in \(range), not '\(value)'") }
        return parsed
    }
    switch flag {
    case "--port": port = number(0...65_535)
    case "--incidents": count = number(0...1_000_000)
    case "--latency-ms": latency = Double(number(0...60_000)) / 1000
    case "--token": tokens.append(value)
    case "--client-id": clientId = value
    case "--client-secret": clientSecret = value
    case "--redirect-port": redirects.append("http://127.0.0.1:\(number(1...65_535))/callback")
    case "--redirect-uri": redirects.append(value)
    case "--consent":
        guard let mode = OAuthServer.Consent(rawValue: value) else { fail("--consent must be ask, approve or deny") }
        consent = mode
    default: fail("unknown option \(flag)")
    }
}
if tokens.isEmpty { tokens = ["fake-api-key"] }
if redirects.isEmpty { redirects = ["http://127.0.0.1:8085/callback"] }

let oauth = OAuthServer(clients: [OAuthServer.Client(id: clientId, secret: clientSecret, redirectURIs: redirects)])
oauth.consent = consent
var settings = RESTServer.Settings()
settings.latency = latency
// A trial runs on the real clock: PagerDuty's default window is the month before now.
settings.now = { Date() }
for token in tokens {
    // Accepted in both forms, so one token works as an API key and as an OAuth token.
    settings.apiKeys[token] = "PUSR001"
    settings.bearerTokens[token] = "PUSR001"
}
// The incidents end now, one every 37 seconds before it.
let spacing = IncidentGenerator.spacing
let start = Int(Date().timeIntervalSince1970) - count * spacing
do {
    let server = try RESTServer(
        incidents: IncidentGenerator.incidents(count: count, start: start, spacing: spacing),
        settings: settings, port: port, threads: 4, oauth: oauth)
    let base = server.baseURL
    // stdout holds the base URL alone, for scripts; stderr says how to point everyauth at it.
    let redirectPort = redirects.first.flatMap { URLComponents(string: $0)?.port }.map { " --redirectPort \($0)" } ?? ""
    FileHandle.standardOutput.write(Data((base + "\n").utf8))
    FileHandle.standardError.write(Data("""
        pagerduty-fake: serving \(count) incidents, OAuth and REST on \(base)
          everyauth service set pagerduty --clientId \(clientId) --authorizationUrl \(base)/oauth/authorize \
        --tokenUrl \(base)/oauth/token --revocationUrl \(base)/oauth/revoke --apiUrl \(base)\(redirectPort)
          registered redirect URIs: \(redirects.joined(separator: " "))

        """.utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("pagerduty-fake: cannot listen on 127.0.0.1:\(port): \(error)\n".utf8))
    exit(1)
}
