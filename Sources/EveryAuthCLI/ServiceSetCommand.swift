import ArgumentParser
import EveryAuthCore

/// `everyauth service set SERVICE [--clientId ID] ...`: changes only the keys given; with none,
/// shows every settable key and its current value.
struct ServiceSetCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the OAuth client settings of a service; only the given keys change.",
        discussion: """
            The camelCase option names are EveryAuth's; the kebab-case spellings work too.
            Without options, prints the settable keys and their current values.
            '--clientSecret -' reads the secret from stdin, keeping it out of shell history.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ServiceHelp.argument, completion: Completion.services)
    var service: String

    @Option(help: ArgumentHelp("OAuth scopes, space-separated (default: read write).", valueName: "scopes"))
    var scope: String?

    @Option(name: [.customLong("clientId"), .customLong("client-id")],
            help: ArgumentHelp("The OAuth client id of your PagerDuty app.", valueName: "id"))
    var clientId: String?

    @Option(name: [.customLong("clientSecret"), .customLong("client-secret")],
            help: ArgumentHelp("The OAuth client secret; '-' reads it from stdin.", valueName: "secret"))
    var clientSecret: String?

    @Option(help: ArgumentHelp("PagerDuty service region: us or eu (default: us).", valueName: "region"))
    var region: String?

    @Option(name: [.customLong("authorizationUrl"), .customLong("authorization-url")],
            help: ArgumentHelp("Authorization endpoint (https, or http to a loopback host).", valueName: "url"))
    var authorizationUrl: String?

    @Option(name: [.customLong("tokenUrl"), .customLong("token-url")],
            help: ArgumentHelp("Token endpoint (https, or http to a loopback host).", valueName: "url"))
    var tokenUrl: String?

    @Option(name: [.customLong("apiUrl"), .customLong("api-url")],
            help: ArgumentHelp("REST API base URL (default by region).", valueName: "url"))
    var apiUrl: String?

    @Option(name: [.customLong("revocationUrl"), .customLong("revocation-url")],
            help: ArgumentHelp("Token revocation endpoint, RFC 7009 (https, or http to a loopback host).", valueName: "url"))
    var revocationUrl: String?

    @Option(name: [.customLong("redirectPort"), .customLong("redirect-port")],
            help: ArgumentHelp("Loopback port of the OAuth redirect; 0 picks a free one (default: 0).", valueName: "port"))
    var redirectPort: Int?

    func validate() throws {
        try validatingUsage {
            if let scope, scope.trimmingCharacters(in: .whitespaces).isEmpty {
                throw UsageError("--scope: give at least one scope, e.g. --scope 'read write'")
            }
            if let clientId, clientId.isEmpty { throw UsageError("--clientId: the client id must not be empty") }
            if let clientSecret, clientSecret.isEmpty {
                throw UsageError("--clientSecret: the secret must not be empty; give '-' to read it from stdin")
            }
            if let region, Region(rawValue: region.lowercased()) == nil {
                throw UsageError("--region: '\(region)' is not a region; give one of: \(Region.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let authorizationUrl { try EndpointURL.validate(authorizationUrl, flag: "--authorizationUrl") }
            if let tokenUrl { try EndpointURL.validate(tokenUrl, flag: "--tokenUrl") }
            if let apiUrl { try EndpointURL.validate(apiUrl, flag: "--apiUrl") }
            if let revocationUrl { try EndpointURL.validate(revocationUrl, flag: "--revocationUrl") }
            if let redirectPort { try EndpointURL.validatePort(redirectPort, flag: "--redirectPort") }
        }
    }

    func execute(_ context: CommandContext) async throws {
        let kind = try ServiceKind.named(service)
        var changes = ServiceSettings(
            scope: scope, clientId: clientId, clientSecret: clientSecret, region: region.flatMap { Region(rawValue: $0.lowercased()) },
            authorizationUrl: authorizationUrl, tokenUrl: tokenUrl, apiUrl: apiUrl, redirectPort: redirectPort,
            revocationUrl: revocationUrl)
        guard !changes.isEmpty else {
            try show(kind, context: context)
            return
        }
        if clientSecret == "-" { changes.clientSecret = try context.readValueFromStdin(flag: "--clientSecret") }
        try context.store.update { document in
            document.services[kind.rawValue, default: ServiceSettings()].merge(changes)
        }
        // Names only: the confirmation never echoes a value (the secret least of all).
        Console.err("Updated \(kind.rawValue): \(changedKeys(changes).joined(separator: ", ")).")
    }

    /// The keys `changes` sets, in the documented order.
    private func changedKeys(_ changes: ServiceSettings) -> [String] {
        let set: [String: Bool] = [
            "scope": changes.scope != nil, "clientId": changes.clientId != nil, "clientSecret": changes.clientSecret != nil,
            "region": changes.region != nil, "authorizationUrl": changes.authorizationUrl != nil,
            "tokenUrl": changes.tokenUrl != nil, "apiUrl": changes.apiUrl != nil, "redirectPort": changes.redirectPort != nil,
            "revocationUrl": changes.revocationUrl != nil,
        ]
        return ServiceSettings.keys.filter { set[$0] == true }
    }

    /// Every settable key with its current value and whether it is set or a default.
    private func show(_ kind: ServiceKind, context: CommandContext) throws {
        let stored = try context.store.read().services[kind.rawValue]
        let effective = EffectiveServiceSettings(service: kind, stored: stored ?? ServiceSettings())
        let explicit = Set(stored.map(changedKeys) ?? [])
        var rows: [[String]] = []
        for pair in effective.displayPairs() {
            let source = explicit.contains(pair.key) ? "set" : (pair.value == nil ? "unset" : "default")
            rows.append([pair.key, pair.value ?? "-", source])
        }
        Console.out(RecordWriter.table(columns: ["key", "value", "source"], rows: rows, width: context.terminalWidth))
        if stored == nil {
            Console.err("\(kind.rawValue) is not configured yet; set it with 'everyauth service set \(kind.rawValue) --clientId ID'.")
        }
    }
}
