import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents create --service S --title T ...`: opens an incident (POST /incidents).
    struct Create: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Open an incident on a service.",
            discussion: """
                Sent once (POST /incidents): if the connection fails after sending, it is not sent again; check with \
                'incidents list'. --key makes a retry safe: PagerDuty refuses a second open incident with the same key \
                on the service. Writes send From: --from, else $PAGERDUTY_FROM, else the identity's email.
                """,
            aliases: ["new", "trigger"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var requester: RequesterOptions

        @Option(name: .long, help: ArgumentHelp("The service (id or name).", valueName: "service"), completion: Completion.names(.service))
        var service: String

        @Option(name: .long, help: ArgumentHelp("What is wrong, in one line.", valueName: "title"))
        var title: String

        @Option(name: .long, help: ArgumentHelp("high or low (default: the service's rule).", valueName: "urgency"))
        var urgency: IncidentUrgency?

        @Option(name: .long, help: ArgumentHelp("The priority, by name (P1) or id.", valueName: "priority"))
        var priority: String?

        @Option(name: .long, help: ArgumentHelp("Details for the responders; '-' reads them from stdin.", valueName: "text"))
        var body: String?

        @Option(name: .long, help: ArgumentHelp("Page this escalation policy (id or name) instead of the service's.", valueName: "policy"), completion: Completion.names(.escalationPolicy))
        var escalationPolicy: String?

        @Option(name: .long, help: ArgumentHelp("Assign to this user (id, name or email) instead of escalating; repeatable.", valueName: "user"))
        var assign: [String] = []

        @Option(name: .long, help: ArgumentHelp("Deduplication key: no second open incident with it on the service.", valueName: "key"))
        var key: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("table or json (default: table on a terminal, else tsv).", valueName: "format"))
        var output: OutputFormat?

        func validate() throws {
            if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--title must not be empty") }
            if ControlCharacter.any(in: title) { throw ValidationError("--title must be one line without control characters") }
            if service.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--service must not be empty") }
            if escalationPolicy != nil, !assign.isEmpty {
                throw ValidationError("--assign and --escalation-policy both say who is paged; give only one of them (PagerDuty refuses both)")
            }
            if let key, key.isEmpty || ControlCharacter.any(in: key) { throw ValidationError("--key must not be empty or contain control characters") }
        }

        func execute(_ context: CommandContext) async throws {
            let details = body == "-" ? try context.readValueFromStdin(flag: "--body") : body
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            // Every name is resolved before the one write.
            let target = try await client.resolve(.service, service)
            var fields: [String: JSONValue] = ["title": .string(title), "service": target.reference(.service)]
            if let urgency { fields["urgency"] = .string(urgency.rawValue) }
            if let priority { fields["priority"] = try await client.resolve(.priority, priority).reference(.priority) }
            if let details { fields["body"] = .object(["type": .string("incident_body"), "details": .string(details)]) }
            if let escalationPolicy { fields["escalation_policy"] = try await client.resolve(.escalationPolicy, escalationPolicy).reference(.escalationPolicy) }
            if !assign.isEmpty {
                let users = try await client.resolve(.user, assign)
                fields["assignments"] = .array(users.map { .object(["assignee": $0.reference(.user)]) })
            }
            if let key { fields["incident_key"] = .string(key) }
            let incident = try await client.createIncident(fields, from: from)
            IncidentsCommand.printIncident(incident, output: output, context: context)
            let number = incident["incident_number"]?.intValue.map { "#\($0)" } ?? incident["id"]?.stringValue ?? ""
            context.err("Opened incident \(number) on \(target.name).")
        }
    }

    /// One incident as `show` prints it: a field a line for a person, its JSON for a script.
    static func printIncident(_ incident: JSONValue, output: OutputFormat?, context: CommandContext) {
        let format = context.format(output)
        switch format {
        case .json: context.out(incident.serialized(pretty: true) + "\n")
        case .ndjson: context.out(incident.serialized(pretty: false) + "\n")
        case .table:
            let rows = IncidentSummary.fields(incident, now: Date()).map { [$0.0, $0.1] }
            context.out(RecordWriter.table(columns: nil, rows: rows, width: context.terminalWidth, flexible: 1))
        case .csv, .tsv:
            let fields = IncidentSummary.scriptFields
            context.out(RecordWriter(style: format == .csv ? .csv : .tsv, columns: fields.names, header: true).render([fields.cells(incident)]))
        }
    }
}
