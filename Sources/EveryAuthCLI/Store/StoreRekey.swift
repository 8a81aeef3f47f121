import ArgumentParser
import EveryAuthCore

extension StoreCommand {
    /// `everyauth store rekey [-o FORMAT]`: re-encrypts every token and secret under the first key
    /// of `$EVERYAUTH_STORE_KEY` (plaintext included), under the store's locks; running it again,
    /// after an interruption or not, finishes what is left and changes nothing once done.
    struct Rekey: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "rekey",
            abstract: "Re-encrypt every token and secret under the first key of $EVERYAUTH_STORE_KEY; print the counts.",
            discussion: """
                $EVERYAUTH_STORE_KEY (or the file $EVERYAUTH_STORE_KEY_FILE, mode 0600) holds ID:BASE64 keys \
                of 32 random bytes, comma-separated: the first encrypts, all decrypt. Rekey turns a \
                plaintext store into an encrypted one, and rotates keys: put the new key first \
                (EVERYAUTH_STORE_KEY=new:...,old:...), run 'everyauth store rekey', then drop the old \
                key. Idempotent and safe to interrupt: run it again to finish.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let store = try context.store
            // Both backends `context.store` opens re-encrypt; a store that did not would be a build mistake.
            guard let rekeying = store as? any StoreRekeying else {
                throw UsageError("\(store.location) cannot be re-encrypted")
            }
            let counts = try await rekeying.rekey()
            context.err("re-encrypted \(counts.reencrypted) records under the key '\(counts.keyID)', "
                + "\(counts.current) already current (\(store.location))")
            let keys = ["key", "reencrypted", "current"]
            var listing = Listing(columns: keys, keyOrder: keys, fixed: [])
            listing.single = true
            listing.append(row: [counts.keyID, String(counts.reencrypted), String(counts.current)],
                           object: ["key": .string(counts.keyID), "reencrypted": .number(counts.reencrypted),
                                    "current": .number(counts.current)])
            listing.write(output, context: context)
        }
    }
}
