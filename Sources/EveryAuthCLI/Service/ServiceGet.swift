import ArgumentParser
import EveryAuthCore

extension ServiceCommand {
    /// `everyauth service get SERVICE`: the effective settings, secret masked.
    struct Get: EveryAuthCommand {
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
            case .table:
                // For a person, one setting a line.
                var listing = Listing(columns: ["key", "value"], keyOrder: [], fixed: ["key"], flexible: "value")
                for pair in settings.displayPairs() {
                    listing.append(row: [pair.key.name, pair.value], object: [:])
                }
                listing.write(format, context: context)
            case .csv, .tsv:
                // For a script, one record whose columns are the JSON keys (SPEC §6).
                let pairs = settings.displayPairs()
                var listing = Listing(columns: pairs.map(\.key.name), keyOrder: ServiceSettings.keys)
                listing.append(row: pairs.map(\.value), object: [:])
                listing.write(format, context: context)
            }
        }
    }
}
