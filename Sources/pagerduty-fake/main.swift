import Foundation
import PagerDutyFake

// `pagerduty-fake --port N --incidents N --latency-ms N [--token T ...]`: serves the fake PagerDuty
// REST API on 127.0.0.1 for benchmarks and manual trials, prints its base URL, runs until killed.
let usage = "usage: pagerduty-fake [--port N] [--incidents N] [--latency-ms N] [--token T ...]\n"
var port = 0
var count = 1_000
var latency = 0.0
var tokens: [String] = []
let arguments = Array(CommandLine.arguments.dropFirst())
var index = 0
while index < arguments.count {
    let flag = arguments[index]
    guard index + 1 < arguments.count, ["--port", "--incidents", "--latency-ms", "--token"].contains(flag) else {
        FileHandle.standardError.write(Data(usage.utf8))
        exit(64)
    }
    let value = arguments[index + 1]
    index += 2
    switch flag {
    case "--port": port = Int(value) ?? 0
    case "--incidents": count = Int(value) ?? count
    case "--latency-ms": latency = (Double(value) ?? 0) / 1000
    default: tokens.append(value)
    }
}
if tokens.isEmpty { tokens = ["fake-api-key"] }
var settings = RESTServer.Settings()
settings.latency = latency
for token in tokens {
    // Accepted in both forms, so one token works as an API key and as an OAuth token.
    settings.apiKeys[token] = "PUSR001"
    settings.bearerTokens[token] = "PUSR001"
}
do {
    let server = try RESTServer(incidentCount: count, settings: settings, port: port, threads: 4)
    FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("pagerduty-fake: cannot listen: \(error)\n".utf8))
    exit(1)
}
