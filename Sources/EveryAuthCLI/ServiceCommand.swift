import ArgumentParser
import EveryAuthCore

/// `everyauth service`: the OAuth client settings of each provider.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Configure the OAuth client of a service (client id, secret, endpoints).",
        subcommands: [ServiceSetCommand.self, ServiceGetCommand.self, ServiceListCommand.self, ServiceRemoveCommand.self]
    )
}

/// `everyauth service get SERVICE`: the effective settings, secret masked.
struct ServiceGetCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show the settings of a service (defaults filled in; the client secret as ***)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ServiceHelp.argument, completion: Completion.services)
    var service: String

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func execute(_ context: CommandContext) async throws {
        let kind = try ServiceKind.named(service)
        let settings = try context.store.read().settings(for: kind)
        let format = context.format(output)
        switch format {
        case .json, .ndjson:
            let object = ServiceFields.object(settings)
            Console.out(object.serialized(pretty: format == .json, keyOrder: ServiceSettings.keys) + "\n")
        case .table, .csv, .tsv:
            var listing = Listing(columns: ["key", "value"], keyOrder: [])
            for pair in settings.displayPairs() {
                listing.append(row: [pair.key, pair.value ?? (format == .table ? "-" : "")], object: [:])
            }
            listing.write(format, context: context)
        }
    }
}

/// `everyauth service ls`: every configured service.
struct ServiceListCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the configured services.",
        aliases: ["list"]
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func execute(_ context: CommandContext) async throws {
        let document = try context.store.read()
        var listing = Listing(
            columns: ["service", "clientId", "clientSecret", "region", "scope", "apiUrl"],
            keyOrder: ["service"] + ServiceSettings.keys
        )
        for name in document.services.keys.sorted() {
            guard let kind = ServiceKind(rawValue: name), let settings = try? document.settings(for: kind) else { continue }
            var object = ServiceFields.object(settings).objectValue ?? [:]
            object["service"] = .string(name)
            listing.append(
                row: [name, settings.clientId ?? "-", settings.clientSecret == nil ? "-" : "***",
                      settings.region.rawValue, settings.scope, settings.apiUrl],
                object: object)
        }
        listing.write(output, context: context)
    }
}

/// `everyauth service rm SERVICE`: forgets the settings; identities stay.
struct ServiceRemoveCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Forget the settings of a service (its identities stay).",
        aliases: ["remove"]
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ServiceHelp.argument, completion: Completion.services)
    var service: String

    @Flag(name: .shortAndLong, help: "Print no confirmation.")
    var quiet = false

    func execute(_ context: CommandContext) async throws {
        let kind = try ServiceKind.named(service)
        try context.store.update { document in
            guard document.services.removeValue(forKey: kind.rawValue) != nil else {
                throw LookupError.serviceNotConfigured(kind.rawValue)
            }
        }
        if !quiet {
            Console.err("Removed the \(kind.rawValue) settings; its identities stay (see 'everyauth identity ls \(kind.rawValue)').")
        }
    }
}

/// Help texts the service commands share.
enum ServiceHelp {
    /// The SERVICE argument.
    static let argument = ArgumentHelp(
        "The service: \(ServiceKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "service")
}

/// Settings as JSON: the camelCase keys of `service set`, secret masked.
enum ServiceFields {
    /// `{"scope": ..., "clientId": ..., "clientSecret": "***" | null, ..., "redirectPort": N}`.
    static func object(_ settings: EffectiveServiceSettings) -> JSONValue {
        .object([
            "scope": .string(settings.scope),
            "clientId": .optional(settings.clientId),
            "clientSecret": settings.clientSecret == nil ? .null : .string("***"),
            "region": .string(settings.region.rawValue),
            "authorizationUrl": .string(settings.authorizationUrl),
            "tokenUrl": .string(settings.tokenUrl),
            "apiUrl": .string(settings.apiUrl),
            "redirectPort": .number(Double(settings.redirectPort)),
            "revocationUrl": .string(settings.revocationUrl),
        ])
    }
}
