import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth incidents reassign ID ... (--to-user UID ... | --to-escalation-policy EPID)`.
struct IncidentsReassignCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Assign incidents to users, or hand them to an escalation policy.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @OptionGroup var requester: RequesterOptions

    @Argument(help: ArgumentHelp("Incident ids.", valueName: "id"))
    var ids: [String]

    @Option(name: .customLong("to-user"), help: ArgumentHelp("Assign to this user id; repeatable.", valueName: "uid"))
    var users: [String] = []

    @Option(name: .customLong("to-escalation-policy"), help: ArgumentHelp("Hand to this escalation policy instead.", valueName: "epid"))
    var policy: String?

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func validate() throws {
        if users.isEmpty == (policy == nil) {
            throw ValidationError("give --to-user UID (repeatable) or --to-escalation-policy EPID, one of the two")
        }
        if users.contains(where: \.isEmpty) || policy?.isEmpty == true || ids.contains(where: \.isEmpty) {
            throw ValidationError("ids must not be empty")
        }
    }

    func execute(_ context: CommandContext) async throws {
        let (client, identity) = try await access.client(context)
        let from = try requester.email(context, identity: identity)
        let assignee: IncidentAssignee = policy.map { .escalationPolicy($0) } ?? .users(users)
        let outcome = try await client.reassign(ids: ids, to: assignee, from: from)
        try IncidentStatusChange.report(outcome, verb: "reassigned", output: output, context: context)
    }
}

/// `everyauth incidents snooze ID --for DURATION`.
struct IncidentsSnoozeCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Snooze an acknowledged incident: it triggers again after the duration.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @OptionGroup var requester: RequesterOptions

    @Argument(help: ArgumentHelp("The incident id.", valueName: "id"))
    var id: String

    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 30m, 2h, or seconds (at most 7 days).", valueName: "duration"))
    var duration: String

    func validate() throws {
        try validatingUsage { _ = try seconds() }
    }

    /// Whole seconds within what PagerDuty accepts (1 s to 7 days).
    private func seconds() throws -> Int {
        let value = try DurationOption.seconds(duration, flag: "--for")
        guard value.rounded() >= 1, value <= 604_800 else {
            throw UsageError("--for: '\(duration)' is outside what PagerDuty allows (1 s to 7 days)")
        }
        return Int(value.rounded())
    }

    func execute(_ context: CommandContext) async throws {
        let (client, identity) = try await access.client(context)
        let from = try requester.email(context, identity: identity)
        let seconds = try seconds()
        let incident = try await client.snooze(id, seconds: seconds, from: from)
        let until = incident["pending_actions"]?.arrayValue?.first { $0["type"]?.stringValue == "unacknowledge" }?["at"]?.stringValue
        context.err("Snoozed \(id) for \(IncidentSummary.age(TimeInterval(seconds)))" + (until.map { " (until \($0))" } ?? "") + ".")
    }
}

/// `everyauth incidents merge TARGET_ID SOURCE_ID ...`.
struct IncidentsMergeCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge incidents into a target incident (the sources are resolved).")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @OptionGroup var requester: RequesterOptions

    @Argument(help: ArgumentHelp("The incident that stays.", valueName: "target-id"))
    var target: String

    @Argument(help: ArgumentHelp("Incidents merged into it.", valueName: "source-id"))
    var sources: [String]

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one SOURCE_ID to merge into \(target)") }
        if sources.contains(target) { throw ValidationError("\(target) cannot be merged into itself") }
        if Set(sources).count != sources.count { throw ValidationError("a source incident is given twice") }
    }

    func execute(_ context: CommandContext) async throws {
        let (client, identity) = try await access.client(context)
        let from = try requester.email(context, identity: identity)
        let incident = try await client.merge(into: target, sources: sources, from: from)
        let alerts = incident["alert_counts"]?["all"]?.intValue.map { ", \($0) alerts" } ?? ""
        context.err("Merged \(sources.joined(separator: ", ")) into \(target)\(alerts).")
    }
}
