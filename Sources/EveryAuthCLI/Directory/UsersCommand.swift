import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth users list|show|me`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "List and show PagerDuty users.",
        subcommands: [UsersCommand.List.self, UsersCommand.Show.self, UsersCommand.Me.self],
        aliases: ["user"])

    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only users whose name or email contains this text (PagerDuty's search).", valueName: "text"))
        var query: String?

        @Option(name: .long, help: ArgumentHelp("Only members of this team (id or name); repeatable.", valueName: "team"), completion: Completion.names(.team))
        var team: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if let query, ControlCharacter.any(in: query) { throw ValidationError("--query must not contain control characters") }
        }

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let teams = try await client.resolve(.team, team).map { ("team_ids[]", $0.id) }
            var listing = Listing(columns: ["id", "name", "email", "role"], keyOrder: ["id", "name", "email", "role", "time_zone"],
                                  flexible: "name", droppable: ["role"])
            for user in try await client.list(.user, query: DirectoryListing.query(query) + teams) {
                listing.append(row: [user.id, user.name, user.email, user.object["role"]?.stringValue], object: user.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }

    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a user (by id, name or email).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The user: id, name or email.", valueName: "user"))
        var user: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            UsersCommand.listing(try await client.resolve(.user, user)).write(output, context: context)
        }
    }

    struct Me: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "me", abstract: "Show the user the token belongs to.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let body = try await client.get("/users/me")
            guard let object = body["user"], let id = object["id"]?.stringValue else {
                throw PagerDutyError.malformedResponse(reason: "GET /users/me has no user.id")
            }
            UsersCommand.listing(DirectoryEntry(id: id, name: object["name"]?.stringValue ?? "", email: object["email"]?.stringValue, object: object))
                .write(output, context: context)
        }
    }

    static func listing(_ user: DirectoryEntry) -> Listing {
        DirectoryListing.single(fields: [
            ("id", user.id), ("name", user.name), ("email", user.email), ("role", user.object["role"]?.stringValue),
            ("time_zone", user.object["time_zone"]?.stringValue), ("teams", DirectoryListing.names(user.object["teams"])),
            ("html_url", user.object["html_url"]?.stringValue),
        ])
    }
}

/// `everyauth escalation-policies list|show`.
struct EscalationPoliciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation-policies",
        abstract: "List and show escalation policies.",
        subcommands: [EscalationPoliciesCommand.List.self, EscalationPoliciesCommand.Show.self],
        aliases: ["escalation-policy", "ep"])

    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List escalation policies.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["id", "name", "levels", "services"], keyOrder: ["id", "name", "levels", "services", "description"],
                                  flexible: "name", droppable: ["services"])
            for policy in try await client.list(.escalationPolicy, query: DirectoryListing.query(search.query) + [("sort_by", "name")]) {
                // A count of levels is ours, not a member of PagerDuty's object: the record is built with it (SPEC §6).
                let levels = policy.object["escalation_rules"]?.arrayValue?.count
                listing.append(row: [policy.id, policy.name, levels.map(String.init), DirectoryListing.names(policy.object["services"])],
                               object: ["id": .string(policy.id), "name": .string(policy.name), "levels": levels.map { .number(Double($0)) } ?? .null,
                                        "services": policy.object["services"] ?? .null, "description": policy.object["description"] ?? .null])
            }
            listing.write(output, context: context)
        }
    }

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
