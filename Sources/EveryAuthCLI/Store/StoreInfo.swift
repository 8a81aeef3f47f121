import ArgumentParser
import EveryAuthCore

extension StoreCommand {
    /// `everyauth store info [-o FORMAT]`: backend, location (no password), schema version, counts,
    /// and how many records each key id encrypts (`keys`, `ID=COUNT ...`) and how many are plaintext.
    struct Info: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show the store's backend, location (passwords redacted), schema version, counts and encryption keys in use."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let info = try await context.store.info()
            let columns = ["backend", "location", "schemaVersion", "services", "identities", "pending", "keys", "plaintext"]
            var listing = Listing(columns: columns, keyOrder: columns, fixed: ["location"])
            listing.single = true
            // Key ids in byte order; a record is counted under each key id it uses.
            let keyIDs = info.recordsByKey.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let keys = keyIDs.map { "\($0)=\(info.recordsByKey[$0] ?? 0)" }.joined(separator: " ")
            listing.append(
                row: [info.location.backend.rawValue, info.location.redacted, String(info.schemaVersion), String(info.services),
                      String(info.identities), String(info.pending), keys, String(info.plaintextRecords)],
                object: [
                    "backend": .string(info.location.backend.rawValue), "location": .string(info.location.redacted),
                    "schemaVersion": .number(info.schemaVersion), "services": .number(info.services),
                    "identities": .number(info.identities), "pending": .number(info.pending),
                    "keys": .object(JSONObject(info.recordsByKey.mapValues { JSONValue.number($0) })),
                    "plaintext": .number(info.plaintextRecords),
                ])
            listing.write(output, context: context)
        }
    }
}
