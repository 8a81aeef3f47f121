import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity token SERVICE`: the access token alone, for `$(...)` in scripts.
    struct Token: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Print an identity's access token and a newline (refreshed first when needed)."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var selection: IdentityCommand.Selection

        @Flag(help: "Print the stored token without refreshing it.")
        var noRefresh = false

        @Flag(help: "Print the whole Authorization header value ('Bearer ...' or 'Token token=...'), for curl -H.")
        var header = false

        @Option(name: .shortAndLong, help: ArgumentHelp(
            "json: {accessToken, tokenType, header, expiresAt} for programs that cache by expiry (null for API keys).",
            valueName: "format"))
        var output: JSONOutputFormat?

        func validate() throws {
            if header, output != nil { throw ValidationError("--header and -o json cannot be combined; the JSON holds the header") }
        }

        func execute(_ context: CommandContext) async throws {
            let identity = try await selection.identity(context, refresh: !noRefresh)
            let token = PagerDutyToken.of(identity)
            guard output == .json else { return context.out((header ? token.headerValue : token.value) + "\n") }
            let object: JSONValue = .object([
                "accessToken": .string(token.value),
                "tokenType": .string(token.scheme == .bearer ? "Bearer" : "Token"),
                "header": .string(token.headerValue),
                "expiresAt": identity.credential.expiresAt.map { .string(Timestamp.format($0)) } ?? .null,
            ])
            context.out(object.serialized(pretty: true, keyOrder: ["accessToken", "tokenType", "header", "expiresAt"]) + "\n")
        }
    }
}
