import ArgumentParser
import EveryAuthCore
import Foundation
import Synchronization

extension IncidentsCommand {
    /// `everyauth incidents list`: the incidents a filter names, in the shape a person or script needs.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List incidents, filtered as PagerDuty's GET /incidents allows.",
            discussion: """
                The token is --token, else $PAGERDUTY_TOKEN, else the stored identity of --user-id. Tokens \
                starting with 'pdus+_' are OAuth tokens (sent as Bearer); others are API keys (Token token=).
                TIME is ISO 8601 (2026-11-29T08:00:00Z, 2026-11-29) or a span back from now (30m, 2h, 7d, 2w).
                --fields takes dotted paths into the incident JSON (service.summary, assignments.assignee.summary).
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var filters: IncidentFilterOptions

        // Numbers parse unconditionally, so that `--limit -1` is refused as a number, not taken for an option.
        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("At most this many incidents (default 25).", valueName: "n"))
        var limit: Int?

        @Flag(name: .long, help: "Every matching incident, fetched concurrently.")
        var all = false

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Pages in flight at once with --all.", valueName: "n"))
        var concurrency = 8

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        @Option(name: .long, help: ArgumentHelp("Columns as comma-separated dotted paths.", valueName: "paths"))
        var fields: String?

        @Flag(name: .customLong("no-header"), help: "Leave out the header line.")
        var noHeader = false

        func validate() throws {
            if all, limit != nil { throw ValidationError("--limit and --all cannot be combined") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
            if concurrency > 64 { throw ValidationError("--concurrency must be at most 64") }
            try validatingUsage { _ = try fields.map(IncidentFields.parse) }
        }

        func execute(_ context: CommandContext) async throws {
            let columns = try fields.map(IncidentFields.parse) ?? IncidentFields.defaults
            let client = try await access.client(context).client
            let query = try await filters.query(client: client)
            try await list(query: query, columns: columns, client: client, context: context)
        }

        /// Fetches and writes the incidents.
        private func list(query: IncidentQuery, columns: IncidentFields, client: PagerDutyClient, context: CommandContext) async throws {
            let showProgress = context.stderrIsTerminal
            // What PagerDuty says matches, for the hint when a page hides some.
            let matching = Mutex<Int?>(nil)
            var progress: (@Sendable (Int, Int?) -> Void)?
            if showProgress {
                progress = { fetched, total in
                    if let total { matching.withLock { $0 = total } }
                    Self.showProgress(fetched, total, context: context)
                }
            }
            let extent: IncidentListing.Extent = all ? .all : .first(limit ?? 25)
            let listing = IncidentListing(client: client, query: query, extent: extent, concurrency: concurrency,
                                          countsOnePage: showProgress && !all, progress: progress)
            let writer = IncidentWriter(
                format: context.format(output), fields: columns, header: !noHeader, width: context.terminalWidth,
                colour: context.colorOnStdout, stdout: context.streams.stdout)
            // The header (or "[") waits for the first page, so a request that fails at once leaves
            // stdout empty for the script reading it.
            var begun = false
            do {
                for try await page in listing.pageBytes() {
                    if !begun { writer.begin(); begun = true }
                    writer.write(page)
                }
            } catch {
                if showProgress { context.clearProgressLine() }
                throw error
            }
            if showProgress { context.clearProgressLine() }
            if !begun { writer.begin() }
            writer.finish()
            // Nothing printed must not look like a failure, nor a typo like an empty column.
            for field in writer.unmatchedFields {
                context.warning("--fields: '\(field)' matched nothing in any incident; check the path (e.g. service.summary)")
            }
            if writer.written == 0, context.stderrIsTerminal { context.err("No incidents match.") }
            if let hint = Self.moreHint(shown: writer.written, matching: matching.withLock { $0 }, all: all) { context.err(hint) }
        }

        /// "25 of 326 shown; --all for every one" when a page (`--limit`, 25 by default) hides some.
        static func moreHint(shown: Int, matching: Int?, all: Bool) -> String? {
            guard !all, shown > 0, let matching, matching > shown else { return nil }
            return "\(grouped(shown)) of \(grouped(matching)) shown; --all for every one (or --limit N)"
        }

        /// "fetched 3,400 of 10,000" over itself on stderr.
        private static func showProgress(_ fetched: Int, _ total: Int?, context: CommandContext) {
            let text = "fetched \(grouped(fetched))" + (total.map { " of \(grouped($0))" } ?? "")
            context.clearProgressLine()
            context.prompt(text)
        }

        private static func grouped(_ number: Int) -> String {
            let digits = String(number)
            var out = ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { out += "," }
                out.append(digit)
            }
            return out
        }
    }
}
