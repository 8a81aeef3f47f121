import ArgumentParser
import EveryAuthCore
import Foundation

/// `--webhook-url URL --webhook-secret-file FILE`: where a command POSTs signed events about the
/// grants it changes (`serve` today; any command that refreshes, checks or removes identities can
/// add the same group). Both or neither; the URL held to the endpoint rule (https, or http to a
/// loopback host), the secret file to ssh's (the user's, 0600, not empty). Exit 64 otherwise.
struct WebhookOptions: ParsableArguments {
    @Option(name: .customLong("webhook-url"), help: ArgumentHelp(
        "POST a signed JSON event here for each change to a grant (https, or http to a loopback host); needs --webhook-secret-file.",
        valueName: "url"))
    var url: String?

    @Option(name: .customLong("webhook-secret-file"), help: ArgumentHelp(
        "The file holding the secret that signs webhooks (yours, mode 0600; one trailing newline is ignored); needs --webhook-url.",
        valueName: "file"), completion: .file())
    var secretFile: String?

    func validate() throws {
        _ = try resolved()
    }

    /// The URL and the secret read from the file, both given or neither; read again on each call,
    /// so a command uses the file as it is when it runs, not as it was when parsed.
    func resolved() throws -> (url: String, secret: [UInt8])? {
        switch (url, secretFile) {
        case (nil, nil): return nil
        case (_?, nil): throw ValidationError("--webhook-url needs --webhook-secret-file FILE: the secret that signs each event")
        case (nil, _?): throw ValidationError("--webhook-secret-file needs --webhook-url URL: where the signed events go")
        case (let url?, let file?):
            var secret: [UInt8] = []
            try validatingUsage {
                try EveryAuthEnvironment.requireValue(url, flag: "--webhook-url", what: "address")
                try EndpointURL.validate(url, as: .webhookURL)
                secret = try WebhookSecret.read(path: file)
            }
            return (url, secret)
        }
    }

    /// For a command that is not a server: a sender whose problems (a refusal, retries exhausted,
    /// drops) are warnings on stderr and whose other attempts show with `--verbose`. The command
    /// hands `sender.sink` to what it runs (`TokenRefresher.onEvent`, `EveryAuth.sending(to:)`)
    /// and calls `drain(within:)` before it exits; nil without the flags.
    func sender(_ context: CommandContext) throws -> WebhookSender? {
        guard let webhook = try resolved() else { return nil }
        return try WebhookSender(url: webhook.url, secret: webhook.secret, http: try context.makeHTTPClient()) { report in
            if report.isWarning {
                context.warning(report.text)
            } else if context.verbose {
                context.err("everyauth: " + report.text)
            }
        }
    }
}
