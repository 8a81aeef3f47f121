import ArgumentParser
import EveryAuthCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension IncidentsCommand {
    /// `everyauth incidents watch`: polls a selection and prints each incident that appears or changes status.
    struct Watch: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Poll incidents and print each one that appears or changes status, until interrupted.",
            discussion: """
                The first poll takes stock; later polls print what changed: table lines on a terminal, else one JSON \
                event per line: {"event":"new|triggered|acknowledged|resolved","previous_status":...,"incident":{...}}. \
                --exec CMD runs 'sh -c CMD' for each event with the event JSON on stdin. A failed poll is reported on \
                stderr and tried again at the next interval; a credential PagerDuty rejects ends the watch (exit 3). \
                SIGINT and SIGTERM end it with exit 0. The interval is at least 5 s (EVERYAUTH_WATCH_MIN_INTERVAL lowers \
                that floor, for tests only).
                """)

        /// The fastest polling PagerDuty's rate limits comfortably allow.
        static let minimumInterval: TimeInterval = 5

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var filters: IncidentFilterOptions

        @Option(name: .long, help: ArgumentHelp("Time between polls: 30s, 2m, or seconds (default 30 s, at least 5 s).", valueName: "duration"))
        var interval = "30s"

        @Option(name: .shortAndLong, help: ArgumentHelp("table or ndjson (default: table on a terminal, else ndjson).", valueName: "format"))
        var output: WatchOutputFormat?

        @Option(name: .customLong("exec"), help: ArgumentHelp("Run this shell command for each event, the event JSON on stdin.", valueName: "cmd"))
        var command: String?

        func validate() throws {
            if command?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("--exec: the command must not be empty") }
            try validatingUsage { _ = try DurationOption.seconds(interval, flag: "--interval") }
        }

        func execute(_ context: CommandContext) async throws {
            let seconds = try DurationOption.seconds(interval, flag: "--interval")
            let floor = try Self.floor(context.environment.variables)
            guard seconds >= floor else {
                throw UsageError("--interval: \(interval) is shorter than \(Self.format(floor)) s; PagerDuty's rate limits need at least that")
            }
            _ = try filters.checkedQuery()
            // A failed poll is tried again at the next interval anyway: retry less within one poll.
            var configuration = try context.makeHTTPClient().configuration
            configuration.retry.maxAttempts = 3
            let http = HTTPClient(configuration: configuration)
            let client = try await access.client(context, http: http).client
            let query = try await filters.query(client: client)
            let watcher = IncidentWatcher(client: client, query: query)
            let format = output ?? (context.stdoutIsTerminal ? .table : .ndjson)
            let command = self.command
            let width = context.terminalWidth

            let task = Task {
                while !Task.isCancelled {
                    do {
                        let hadBaseline = await watcher.hasBaseline
                        let (events, watching) = try await watcher.poll()
                        if !hadBaseline {
                            context.err("Watching \(watching) incident\(watching == 1 ? "" : "s"); polling every \(Self.format(seconds)) s (Ctrl-C ends).")
                        }
                        for event in events {
                            context.out(Self.render(event, format: format, width: width))
                            context.flushStdout()
                            if let command { await Self.runExec(command, event: event, context: context) }
                        }
                    } catch let error as PagerDutyError {
                        switch error {
                        case .unauthorized, .forbidden: throw error
                        case .api, .malformedResponse:
                            context.warning("poll failed: \(CommandContext.describe(error)); trying again in \(Self.format(seconds)) s")
                        }
                    } catch let error as OAuthError {
                        throw error
                    } catch let error as TokenRejected {
                        // A token that PagerDuty refuses will not work on the next poll either.
                        throw error
                    } catch is CancellationError {
                        return
                    } catch {
                        if Task.isCancelled { return }
                        context.warning("poll failed: \(CommandContext.describe(error)); trying again in \(Self.format(seconds)) s")
                    }
                    do { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) } catch { return }
                }
            }
            let stoppers = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { task.cancel() }
                source.resume()
                return source
            }
            defer { stoppers.forEach { $0.cancel() } }
            try await task.value
        }

        /// `EVERYAUTH_WATCH_MIN_INTERVAL` (seconds > 0, for tests only) or 5 s.
        private static func floor(_ environment: [String: String]) throws -> TimeInterval {
            guard let text = environment["EVERYAUTH_WATCH_MIN_INTERVAL"] else { return minimumInterval }
            guard let value = TimeInterval(text), value > 0, value.isFinite else {
                throw UsageError("EVERYAUTH_WATCH_MIN_INTERVAL: '\(text)' is not a number of seconds above 0")
            }
            return value
        }

        private static func format(_ seconds: TimeInterval) -> String {
            seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
        }

        /// One event as a table line (time, event, number, id, change, title) or a JSON line.
        static func render(_ event: IncidentEvent, format: WatchOutputFormat, width: Int) -> String {
            guard format == .table else { return event.json.serialized(pretty: false, keyOrder: IncidentEvent.keyOrder) + "\n" }
            let incident = event.incident
            let change = event.previousStatus.map { "\($0) -> \(event.kind.rawValue)" } ?? "new, \(incident["status"]?.stringValue ?? "")"
            let row = [
                Timestamp.format(Date()), incident["incident_number"]?.intValue.map { "#\($0)" } ?? "",
                incident["id"]?.stringValue ?? "", change, incident["title"]?.stringValue ?? "",
            ]
            return RecordWriter.table(columns: nil, rows: [row], width: width, flexible: 4)
        }

        /// Runs `sh -c command` with the event on stdin and waits for it; a failure is a warning.
        private static func runExec(_ command: String, event: IncidentEvent, context: CommandContext) async {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            var environment = context.environment.variables
            environment["EVERYAUTH_EVENT"] = event.kind.rawValue
            environment["EVERYAUTH_INCIDENT_ID"] = event.incident["id"]?.stringValue ?? ""
            process.environment = environment
            let input = Pipe()
            process.standardInput = input
            let payload = Data((event.json.serialized(pretty: false, keyOrder: IncidentEvent.keyOrder) + "\n").utf8)
            let status: Int32? = await withCheckedContinuation { continuation in
                process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: nil)
                    return
                }
                // On a thread of its own: a command that reads nothing must not block the watch.
                let writer = input.fileHandleForWriting
                Thread {
                    try? writer.write(contentsOf: payload)
                    try? writer.close()
                }.start()
            }
            switch status {
            case nil: context.warning("--exec: could not start /bin/sh")
            case 0?: break
            case let code?: context.warning("--exec: the command exited with status \(code)")
            }
        }
    }
}
