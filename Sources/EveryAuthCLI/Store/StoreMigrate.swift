import ArgumentParser
import EveryAuthCore

extension StoreCommand {
    /// `everyauth store migrate --to URL_OR_DIR`: copies every service and identity of the current
    /// store into another, in one transaction there; running it again changes nothing.
    struct Migrate: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Copy every service and identity into another store (idempotent); print the counts.",
            discussion: """
                Identities are matched by id, else by service and user id; what the target already \
                holds as given is left alone, so running it twice changes nothing. Encrypted tokens and \
                secrets are copied as they are (no key needed; the target opens them with the same \
                keys). Pending web \
                authorizations are not copied (they live minutes). Example: \
                everyauth store migrate --to postgres://app@db.example/everyauth
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The target store: a postgres:// URL or a directory (its everyauth.json).", valueName: "url-or-dir"),
                completion: .directory)
        var to: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            try validatingUsage { _ = try StoreAddress.parse(to, source: "--to") }
        }

        func execute(_ context: CommandContext) async throws {
            let source = try context.store
            let target = try context.open(StoreAddress.parse(to, source: "--to"))
            // Copying a store onto itself would report every record unchanged, as if something had been done.
            if Self.same(target, source) {
                await target.shutdown()
                throw UsageError("--to: \(target.location) is the store being copied; give another directory or database")
            }
            let counts: StoreImportCounts
            do {
                // Every backend `context.open` knows takes imports; a store that did not would be a build mistake.
                guard let importer = target as? any StoreImporting, let exporter = source as? any StoreImporting else {
                    throw UsageError("--to: \(target.location) cannot take another store's records")
                }
                // Records as stored: envelopes are copied as they are (bound to their record, not
                // to the backend), so migrating needs no key and re-encrypts nothing.
                let records = try await exporter.exportAll()
                counts = try await importer.importAll(services: records.services, identities: records.identities)
            } catch {
                await target.shutdown()
                throw error
            }
            await target.shutdown()
            context.err("services: \(counts.servicesAdded) added, \(counts.servicesUpdated) updated, \(counts.servicesUnchanged) unchanged; "
                + "identities: \(counts.identitiesAdded) added, \(counts.identitiesUpdated) updated, \(counts.identitiesUnchanged) unchanged "
                + "(from \(source.location) to \(target.location))")
            let keys = ["records", "added", "updated", "unchanged"]
            var listing = Listing(columns: keys, keyOrder: keys, fixed: [])
            for (name, added, updated, unchanged) in [
                ("services", counts.servicesAdded, counts.servicesUpdated, counts.servicesUnchanged),
                ("identities", counts.identitiesAdded, counts.identitiesUpdated, counts.identitiesUnchanged),
            ] {
                listing.append(row: [name, String(added), String(updated), String(unchanged)],
                               object: ["records": .string(name), "added": .number(added), "updated": .number(updated),
                                        "unchanged": .number(unchanged)])
            }
            listing.write(output, context: context)
        }

        /// True when both name one store: the same file (symbolic links followed) or the same database.
        static func same(_ a: any Store, _ b: any Store) -> Bool {
            if let a = a as? FileStore, let b = b as? FileStore {
                return a.fileURL.resolvingSymlinksInPath().standardizedFileURL.path == b.fileURL.resolvingSymlinksInPath().standardizedFileURL.path
            }
            return a.location == b.location
        }
    }
}
