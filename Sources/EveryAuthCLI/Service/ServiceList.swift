import ArgumentParser
import EveryAuthCore

extension ServiceCommand {
    /// `everyauth service ls`: every configured service.
    struct List: EveryAuthCommand {
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
                let row = [ServiceSettingKey.clientId, .clientSecret, .region, .scope, .apiUrl].map { key in
                    key.display(settings.stored.effective(key))
                }
                listing.append(row: [name] + row, object: object)
            }
            listing.write(output, context: context)
        }
    }
}
