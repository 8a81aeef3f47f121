import ArgumentParser
import EveryAuthCore
import Foundation

extension EscalationPoliciesCommand {
    /// `everyauth escalation-policies show POLICY`: its levels and whom each notifies.
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an escalation policy: its levels, whom each notifies, and its services.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The escalation policy: its id or name.", valueName: "policy"), completion: Completion.names(.escalationPolicy))
        var policy: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let found = try await client.resolve(.escalationPolicy, policy)
            let object = found.object
            var fields: [(String, String?)] = [("id", found.id), ("name", found.name), ("description", object["description"]?.stringValue)]
            for (index, rule) in (object["escalation_rules"]?.arrayValue ?? []).enumerated() {
                let targets = (rule["targets"]?.arrayValue ?? []).map { target -> String in
                    let kind = target["type"]?.stringValue?.replacingOccurrences(of: "_reference", with: "") ?? "target"
                    return "\(target["summary"]?.stringValue ?? target["id"]?.stringValue ?? "?") (\(kind.replacingOccurrences(of: "_", with: " ")))"
                }
                let delay = rule["escalation_delay_in_minutes"]?.intValue.map { ", after \($0)m" } ?? ""
                fields.append(("level_\(index + 1)", targets.joined(separator: ", ") + delay))
            }
            fields += [("services", DirectoryListing.names(object["services"])), ("teams", DirectoryListing.names(object["teams"])),
                       ("html_url", object["html_url"]?.stringValue)]
            DirectoryListing.single(fields: fields).write(output, context: context)
        }
    }
}
