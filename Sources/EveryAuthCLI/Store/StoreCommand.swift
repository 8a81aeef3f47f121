import ArgumentParser
import EveryAuthCore

/// `everyauth store info|migrate|rekey` (SPEC §2 "store"): what the current store is, copying it
/// into another (the JSON file into PostgreSQL, or back), and re-encrypting it under the first key.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Show the store, copy it into another (JSON file to PostgreSQL and back), or re-encrypt it.",
        discussion: """
            The store is the JSON file in the config directory unless --store or $EVERYAUTH_STORE_URL \
            names another: a postgres:// URL (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and \
            PGSSLMODE fill what it leaves out) or a directory. Passwords are never printed. With \
            $EVERYAUTH_STORE_KEY (ID:BASE64,... ; or $EVERYAUTH_STORE_KEY_FILE) tokens and secrets \
            are stored encrypted (AES-256-GCM) under the first key; without it, in plaintext.
            """,
        subcommands: [StoreCommand.Info.self, StoreCommand.Migrate.self, StoreCommand.Rekey.self]
    )
}
