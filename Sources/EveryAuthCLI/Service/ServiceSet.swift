import ArgumentParser
import EveryAuthCore

extension ServiceCommand {
    /// `everyauth service set SERVICE [--clientId ID] ...`: changes only the keys given; with none,
    /// shows every settable key and its current value. Names, checks and defaults come from the
    /// core's `ServiceSettingKey` table.
    struct Set: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set the OAuth client settings of a service; only the given keys change.",
            discussion: """
                The camelCase option names are EveryAuth's; the kebab-case spellings work too.
                Without options, prints the settable keys and their current values.
                '--clientSecret -' reads the secret from stdin, keeping it out of shell history.
                """
        )

        /// It writes the store, creating it where it is missing.
        static var requiresExistingStore: Bool { false }

        @OptionGroup var global: GlobalOptions

        @Argument(help: ServiceHelp.argument, completion: Completion.services)
        var service: String

        @Option(name: Self.names(.scope), help: Self.help(.scope, "scopes"))
        var scope: String?

        @Option(name: Self.names(.clientId), help: Self.help(.clientId, "id"))
        var clientId: String?

        @Option(name: Self.names(.clientSecret), help: Self.help(.clientSecret, "secret"))
        var clientSecret: String?

        @Option(name: Self.names(.region), help: Self.help(.region, "region"), completion: .list(Region.allCases.map(\.rawValue)))
        var region: String?

        @Option(name: Self.names(.authorizationUrl), help: Self.help(.authorizationUrl, "url"))
        var authorizationUrl: String?

        @Option(name: Self.names(.tokenUrl), help: Self.help(.tokenUrl, "url"))
        var tokenUrl: String?

        @Option(name: Self.names(.revocationUrl), help: Self.help(.revocationUrl, "url"))
        var revocationUrl: String?

        @Option(name: Self.names(.apiUrl), help: Self.help(.apiUrl, "url"))
        var apiUrl: String?

        // Unconditional, so that `--redirectPort -1` is checked as a number, not taken for an option.
        @Option(name: Self.names(.redirectPort), parsing: .unconditional, help: Self.help(.redirectPort, "port"))
        var redirectPort: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        /// `--clientId` and `--client-id`.
        static func names(_ key: ServiceSettingKey) -> NameSpecification {
            key.kebabName == key.name ? [.customLong(key.name)] : [.customLong(key.name), .customLong(key.kebabName)]
        }

        static func help(_ key: ServiceSettingKey, _ valueName: String) -> ArgumentHelp {
            ArgumentHelp(key.help, valueName: valueName)
        }

        /// The values given, by key, in table order.
        private var given: [(key: ServiceSettingKey, value: String)] {
            let values: [ServiceSettingKey: String?] = [
                .scope: scope, .clientId: clientId, .clientSecret: clientSecret, .region: region,
                .authorizationUrl: authorizationUrl, .tokenUrl: tokenUrl, .revocationUrl: revocationUrl,
                .apiUrl: apiUrl, .redirectPort: redirectPort,
            ]
            return ServiceSettingKey.allCases.compactMap { key in values[key]?.map { (key, $0) } }
        }

        func validate() throws {
            try validatingUsage {
                for (key, value) in given { _ = try key.validate(value) }
                if output != nil, !given.isEmpty {
                    throw UsageError("-o applies to the listing printed without options; 'service set' with options prints only a confirmation on stderr")
                }
            }
        }

        func execute(_ context: CommandContext) async throws {
            let kind = try ServiceKind.named(service)
            guard !given.isEmpty else {
                try await show(kind, context: context)
                return
            }
            var changes = ServiceSettings()
            for (key, value) in given {
                if key.isSecret, value == "-" {
                    let value = try context.readValueFromStdin(flag: "--" + key.name)
                    changes[key] = try ErrorMessages.given("--" + key.name + " -") { try key.validate(value) }
                } else if key.isSecret {
                    // A secret on the command line is in shell history and in `ps` for anyone on the machine.
                    context.warning("--\(key.name) on the command line shows the secret in shell history and to 'ps'; next time pipe it in: printf %s \"$SECRET\" | everyauth service set \(kind.rawValue) --\(key.name) -")
                    changes[key] = try key.validate(value)
                } else {
                    changes[key] = try key.validate(value)
                }
            }
            try await context.store.updateService(kind.rawValue) { settings in
                var merged = settings ?? ServiceSettings()
                merged.merge(changes)
                settings = merged
            }
            // Names only: the confirmation never echoes a value (the secret least of all).
            context.err("Updated \(kind.rawValue): \(changes.setKeys.map(\.name).joined(separator: ", ")).")
        }

        /// Every settable key with its current value and whether it is set or a default, in the
        /// format `-o` asks for (tsv with a header in a pipe, like every listing).
        private func show(_ kind: ServiceKind, context: CommandContext) async throws {
            let stored = try await context.store.serviceSettings(kind.rawValue)
            let settings = stored ?? ServiceSettings()
            var listing = Listing(columns: ["key", "value", "source"], keyOrder: ["key", "value", "source"], fixed: ["key"], flexible: "value")
            for key in ServiceSettingKey.allCases {
                let value = key.display(settings.effective(key))
                let derived = key == .revocationUrl && settings.derivedRevocationUrl != nil
                let source = settings[key] != nil ? "set" : (value == nil ? "unset" : (derived ? "from tokenUrl" : "default"))
                listing.append(row: [key.name, value, source],
                               object: ["key": .string(key.name), "value": .optional(value), "source": .string(source)])
            }
            listing.write(output, context: context)
            if stored == nil {
                context.err("\(kind.rawValue) is not configured yet; set it with 'everyauth service set \(kind.rawValue) --clientId ID'.")
            }
        }
    }
}
