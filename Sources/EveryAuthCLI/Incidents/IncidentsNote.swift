import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents note ID [TEXT]`: adds a note, exactly once.
    struct Note: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Add a note to an incident ('-' reads the text from stdin; none opens $VISUAL or $EDITOR).",
            discussion: """
                Without TEXT on a terminal, $VISUAL (else $EDITOR, else vi) opens a file to write the note in; lines \
                starting with '#' are left out, and an empty note sends nothing. The note is sent once: if the \
                connection fails after sending, it is not sent again (check with 'incidents notes').
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Argument(help: ArgumentHelp("The note; '-' reads it from stdin; none opens an editor on a terminal.", valueName: "text"))
        var text: String?

        func validate() throws {
            if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the note must not be empty") }
        }

        func execute(_ context: CommandContext) async throws {
            let content: String
            switch text {
            case "-": content = try context.readValueFromStdin(flag: "TEXT")
            case let text?: content = text
            case nil:
                guard context.stdinIsTerminal, context.stderrIsTerminal else {
                    throw UsageError("give the note as TEXT, or '-' to read it from stdin (an editor needs a terminal)")
                }
                content = try NoteEditor.edit(about: "\(incident)", environment: context.environment.variables)
                guard !content.isEmpty else {
                    context.err("The note is empty; nothing was sent.")
                    throw ExitCode(ExitStatus.failure.rawValue)
                }
            }
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let id = try await client.incidentIDs([incident])[0]
            let note = try await client.addNote(id, content: content, from: from)
            context.err("Added note \(note["id"]?.stringValue ?? "") to \(incident).")
        }
    }
}

/// Writing a note in the user's editor, as `git commit` does: a private file with a comment that
/// says what it is for, the editor run through the shell (`$EDITOR` may carry arguments, `code
/// -w`), the file's path passed as an argument, never spliced into the command text.
enum NoteEditor {
    static func edit(about incident: String, environment: [String: String]) throws -> String {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-note-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("NOTE.md")
        let template = "\n# Write the note for incident \(incident) above. Lines starting with '#' are left out;\n# an empty note sends nothing.\n"
        guard FileManager.default.createFile(atPath: file.path, contents: Data(template.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw NoteEditorFailure(message: "could not create a file for the note in \(directory.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "sh", file.path]
        do {
            try process.run()
        } catch {
            throw NoteEditorFailure(message: "could not start the editor '\(editor)': \(error.localizedDescription); set VISUAL or EDITOR, or give the note as TEXT")
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw NoteEditorFailure(message: "the editor '\(editor)' exited with status \(process.terminationStatus); nothing was sent")
        }
        let written = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return strip(written)
    }

    /// The note without its comment lines and the blank lines around it.
    static func strip(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The editor could not be started or did not finish well; nothing was sent (exit 1).
struct NoteEditorFailure: LocalizedError {
    let message: String
    var errorDescription: String? { message }
}
