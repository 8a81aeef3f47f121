import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// What ack and resolve share: ids or a selection, the confirmation, batching, the report.
    struct StatusChange: ParsableArguments {
        static let discussion = """
            Give incident ids, or the filters of 'incidents list' (e.g. --me --status triggered) to change every \
            incident they select. A selection is shown and confirmed on a terminal; without a terminal it needs --yes. \
            Writes send From: --from, else $PAGERDUTY_FROM, else the identity's email. Up to 250 incidents go in one \
            request; incidents PagerDuty refused are named, and the exit status is 2 when they were all unknown, else 5 \
            (the others stay changed). Incidents are named by id or by number (972 or #972).
            """

        @Argument(help: IncidentArgument.helpMany("Incidents to change; without them, the filters select"), transform: IncidentArgument.parseInput)
        var ids: [IncidentInput] = []

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @OptionGroup var filters: IncidentFilterOptions

        @OptionGroup var confirmation: Confirmation

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Change at most N incidents of the selection (the newest first, as listed).", valueName: "n"))
        var limit: Int?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if !ids.isEmpty, filters.isGiven {
                throw ValidationError("give incident ids or list filters, not both")
            }
            if ids.isEmpty, !filters.isGiven {
                throw ValidationError("give incident ids, or filters that select incidents (e.g. --me --status triggered)")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if limit != nil, !ids.isEmpty { throw ValidationError("--limit applies to a selection by filters, not to ids") }
        }

        func run(_ status: IncidentStatus, context: CommandContext) async throws {
            if ids.isEmpty { try confirmation.checkAnswerable(context) }
            _ = try filters.checkedQuery()
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)

            var targets = try await client.incidentIDs(try IncidentArgument.references(ids, context: context))
            if ids.isEmpty {
                let query = try await filters.query(client: client)
                var selected: [JSONValue] = []
                for try await page in IncidentListing(client: client, query: query, extent: .all).pages() {
                    selected += page.filter { $0["status"]?.stringValue != status.rawValue }
                    if let limit, selected.count >= limit { break }
                }
                if let limit { selected = Array(selected.prefix(limit)) }
                guard !selected.isEmpty else {
                    context.err("No selected incident needs to be \(status.verb); nothing changed.")
                    return
                }
                // The first rows and a count: a long selection must not scroll its question away.
                let shown = selected.prefix(Self.previewRows)
                var preview = RecordWriter.table(
                    columns: ["number", "id", "status", "title"], rows: shown.map(Self.row), width: context.terminalWidth, flexible: 3)
                if selected.count > shown.count { preview += "… and \(selected.count - shown.count) more\n" }
                try confirmation.confirm("Mark these \(selected.count) incidents \(status.rawValue)?", preview: preview, context: context)
                targets = selected.compactMap { $0["id"]?.stringValue }
            }

            let outcome = try await client.setStatus(status, ids: targets, from: from)
            try Self.report(outcome, verb: status.verb, output: output, context: context)
        }

        /// Rows of a selection shown before the question.
        static let previewRows = 10

        /// Prints the changed incidents (stdout) and a summary (stderr); names refused ids and exits 5.
        static func report(_ outcome: IncidentBulkOutcome, verb: String, output: OutputFormat?, context: CommandContext) throws {
            var listing = Listing(columns: ["incident_number", "id", "status", "title"], keyOrder: ["id", "incident_number", "status", "title"])
            for incident in outcome.changed {
                var object: [String: JSONValue] = [:]
                for key in ["id", "incident_number", "status", "title"] { object[key] = incident[key] ?? .null }
                listing.append(row: row(incident), object: object)
            }
            let total = outcome.changed.count + outcome.failed.count
            let summary = "\(verb.prefix(1).uppercased() + verb.dropFirst()) \(outcome.changed.count) of \(total) incident\(total == 1 ? "" : "s")."
            let failure = outcome.failed.isEmpty ? nil : "could not change \(outcome.failed.count) incident\(outcome.failed.count == 1 ? "" : "s"): "
                + outcome.failed.map { "\($0.id) (\($0.reason))" }.joined(separator: "; ")

            if !outcome.changed.isEmpty { listing.write(output, context: context) }
            context.flushStdout()
            context.err(summary)
            if let failure {
                context.error(failure)
                // Unknown incidents alone are "not found" (SPEC §5); any other refusal is PagerDuty's.
                throw ExitCode((outcome.failed.allSatisfy(\.notFound) ? ExitStatus.notFound : .remoteFailure).rawValue)
            }
        }

        static func row(_ incident: JSONValue) -> [String] {
            [incident["incident_number"]?.intValue.map(String.init) ?? "", incident["id"]?.stringValue ?? "",
             incident["status"]?.stringValue ?? "", incident["title"]?.stringValue ?? ""]
        }
    }
}
