import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth incidents note ID TEXT`: adds a note, exactly once.
struct IncidentsNoteCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to an incident ('-' reads the text from stdin).",
        discussion: "The note is sent once: if the connection fails after sending, it is not sent again (check with 'incidents notes').")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @OptionGroup var requester: RequesterOptions

    @Argument(help: ArgumentHelp("The incident id.", valueName: "id"))
    var id: String

    @Argument(help: ArgumentHelp("The note; '-' reads it from stdin.", valueName: "text"))
    var text: String

    func validate() throws {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the note must not be empty") }
    }

    func execute(_ context: CommandContext) async throws {
        let content = text == "-" ? try context.readValueFromStdin(flag: "TEXT") : text
        let (client, identity) = try await access.client(context)
        let from = try requester.email(context, identity: identity)
        let note = try await client.addNote(id, content: content, from: from)
        context.err("Added note \(note["id"]?.stringValue ?? "") to \(id).")
    }
}

/// `everyauth incidents notes ID`: the notes, oldest first.
struct IncidentsNotesCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "List the notes of an incident.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @Argument(help: ArgumentHelp("The incident id.", valueName: "id"))
    var id: String

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func execute(_ context: CommandContext) async throws {
        let client = try await access.client(context).client
        var listing = Listing(columns: ["created", "user", "id", "content"], keyOrder: ["id", "created_at", "user", "content"])
        for note in try await client.notes(id) {
            listing.append(
                row: [note["created_at"]?.stringValue ?? "", note["user"]?["summary"]?.stringValue ?? "",
                      note["id"]?.stringValue ?? "", note["content"]?.stringValue ?? ""],
                object: note.objectValue ?? JSONObject())
        }
        listing.write(output, context: context)
    }
}

/// `everyauth incidents log ID [--all]`: the log entries, oldest first.
struct IncidentsLogCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List an incident's log entries, oldest first (the latest 100 unless --all).")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @Argument(help: ArgumentHelp("The incident id.", valueName: "id"))
    var id: String

    @Flag(name: .long, help: "Every log entry, not only the latest 100.")
    var all = false

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func execute(_ context: CommandContext) async throws {
        let client = try await access.client(context).client
        var listing = Listing(columns: ["created", "type", "summary"], keyOrder: ["id", "type", "created_at", "summary"])
        for entry in try await client.logEntries(id, all: all) {
            listing.append(
                row: [entry["created_at"]?.stringValue ?? "", entry["type"]?.stringValue ?? "", entry["summary"]?.stringValue ?? ""],
                object: entry.objectValue ?? JSONObject())
        }
        listing.write(output, context: context)
    }
}
