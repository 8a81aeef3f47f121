import ArgumentParser
import EveryAuthCore

extension StoreCommand {
    /// `everyauth store info [-o FORMAT]`: backend, location (no password), schema version, counts.
    struct Info: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show the store's backend, location (passwords redacted), schema version and counts."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let info = try await context.store.info()
            var listing = Listing(
                columns: ["backend", "location", "schemaVersion", "services", "identities", "pending"],
                keyOrder: ["backend", "location", "schemaVersion", "services", "identities", "pending"],
                fixed: ["location"])
            listing.single = true
            listing.append(
                row: [info.location.backend.rawValue, info.location.redacted, String(info.schemaVersion), String(info.services),
                      String(info.identities), String(info.pending)],
                object: [
                    "backend": .string(info.location.backend.rawValue), "location": .string(info.location.redacted),
                    "schemaVersion": .number(info.schemaVersion), "services": .number(info.services),
                    "identities": .number(info.identities), "pending": .number(info.pending),
                ])
            listing.write(output, context: context)
        }
    }
}
