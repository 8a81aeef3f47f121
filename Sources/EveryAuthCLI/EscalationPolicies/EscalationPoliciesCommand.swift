import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth escalation-policies list|show`.
struct EscalationPoliciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation-policies",
        abstract: "List and show escalation policies.",
        subcommands: [EscalationPoliciesCommand.List.self, EscalationPoliciesCommand.Show.self],
        aliases: ["escalation-policy", "ep"])
}
