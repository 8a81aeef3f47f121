import ArgumentParser
import EveryAuthCore

/// `everyauth store info|migrate` (SPEC §2 "store"): what the current store is, and copying it
/// into another (the JSON file into PostgreSQL, or back).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Show the store, or copy it into another (JSON file to PostgreSQL and back).",
        discussion: """
            The store is the JSON file in the config directory unless --store or $EVERYAUTH_STORE_URL \
            names another: a postgres:// URL (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and \
            PGSSLMODE fill what it leaves out) or a directory. Passwords are never printed.
            """,
        subcommands: [StoreCommand.Info.self, StoreCommand.Migrate.self]
    )
}
