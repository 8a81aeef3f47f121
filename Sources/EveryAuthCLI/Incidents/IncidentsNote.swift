import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents note ID TEXT`: adds a note, exactly once.
    struct Note: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Add a note to an incident ('-' reads the text from stdin).",
            discussion: "The note is sent once: if the connection fails after sending, it is not sent again (check with 'incidents notes').")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Argument(help: ArgumentHelp("The note; '-' reads it from stdin.", valueName: "text"))
        var text: String

        func validate() throws {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the note must not be empty") }
        }

        func execute(_ context: CommandContext) async throws {
            let content = text == "-" ? try context.readValueFromStdin(flag: "TEXT") : text
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let id = try await client.incidentIDs([incident])[0]
            let note = try await client.addNote(id, content: content, from: from)
            context.err("Added note \(note["id"]?.stringValue ?? "") to \(incident).")
        }
    }
}
