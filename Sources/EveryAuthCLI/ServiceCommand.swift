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
        let settings = try await context.store.settings(for: kind)
        let format = context.format(output)
        switch format {
        case .json, .ndjson:
            let object = ServiceFields.object(settings)
            context.out(object.serialized(pretty: format == .json, keyOrder: ServiceSettings.keys) + "\n")
        case .table, .csv, .tsv:
            var listing = Listing(columns: ["key", "value"], keyOrder: [], fixed: ["key"], flexible: "value")
            for pair in settings.displayPairs() {
                listing.append(row: [pair.key.name, pair.value ?? (format == .table ? "-" : "")], object: [:])
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
        let services = try await context.store.services()
        var listing = Listing(
            columns: ["service", "clientId", "clientSecret", "region", "scope", "apiUrl"],
            keyOrder: ["service"] + ServiceSettings.keys
        )
        for name in services.keys.sorted() {
            guard let kind = ServiceKind(rawValue: name), let stored = services[name] else { continue }
            let settings = EffectiveServiceSettings(service: kind, stored: stored)
            var object = Dictionary(uniqueKeysWithValues: (ServiceFields.object(settings).objectValue ?? [:]).map { ($0.key, $0.value) })
            object["service"] = .string(name)
            let table = context.format(output) == .table
            let row = [ServiceSettingKey.clientId, .clientSecret, .region, .scope, .apiUrl].map { key in
                key.display(settings.stored.effective(key)) ?? (table ? "-" : "")
            }
            listing.append(row: [name] + row, object: object)
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
        try await context.store.updateService(kind.rawValue) { settings in
            guard settings != nil else { throw LookupError.serviceNotConfigured(kind.rawValue) }
            settings = nil
        }
        if !quiet {
            context.err("Removed the \(kind.rawValue) settings; its identities stay (see 'everyauth identity ls \(kind.rawValue)').")
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
    /// `{"scope": ..., "clientId": ..., "clientSecret": "***" | null, ..., "redirectPort": N}`,
    /// one member per key of the core's table.
    static func object(_ settings: EffectiveServiceSettings) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in settings.displayPairs() {
            if key == .redirectPort, let port = value.flatMap(Double.init) {
                members[key.name] = .number(port)
            } else {
                members[key.name] = .optional(value)
            }
        }
        return .object(members)
    }
}
