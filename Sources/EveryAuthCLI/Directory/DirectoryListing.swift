import ArgumentParser
import EveryAuthCore
import Foundation

/// What the directory nouns (services, users, teams, escalation policies) share: the list's
/// `--query`, and a shown object read down a field a line, its json PagerDuty's object as it came.
enum DirectoryListing {
    /// Names of the references in `value` (an array of `{summary}` objects), comma-separated.
    static func names(_ value: JSONValue?) -> String? {
        guard let items = value?.arrayValue, !items.isEmpty else { return nil }
        return items.compactMap { $0["summary"]?.stringValue ?? $0["name"]?.stringValue }.joined(separator: ", ")
    }

    /// One object shown down the page: `fields` in order (nil: a dash in a table, null in json),
    /// the same keys in every format (SPEC §6); `everyauth api` gives PagerDuty's whole object.
    static func single(fields: [(String, String?)]) -> Listing {
        var listing = Listing(columns: fields.map(\.0), keyOrder: fields.map(\.0), fixed: [])
        listing.single = true
        listing.append(row: fields.map(\.1), object: Dictionary(fields.map { ($0.0, JSONValue.optional($0.1)) }, uniquingKeysWith: { a, _ in a }))
        return listing
    }

    /// `query` items for PagerDuty's search of a collection, when one is given.
    static func query(_ text: String?) -> [(String, String)] {
        text.map { [("query", $0)] } ?? []
    }
}

/// `--query TEXT` of the directory lists.
struct DirectoryQueryOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only those whose name contains this text (PagerDuty's search).", valueName: "text"))
    var query: String?

    func validate() throws {
        if let query, ControlCharacter.any(in: query) { throw ValidationError("--query must not contain control characters") }
    }
}

/// `everyauth services list|show`.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List and show PagerDuty services.",
        subcommands: [ServicesCommand.List.self, ServicesCommand.Show.self],
        aliases: ["service-directory"])

    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List services.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .long, help: ArgumentHelp("Only services of this team (id or name); repeatable.", valueName: "team"), completion: Completion.names(.team))
        var team: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let teams = try await client.resolve(.team, team).map { ("team_ids[]", $0.id) }
            let services = try await client.list(.service, query: DirectoryListing.query(search.query) + teams + [("sort_by", "name")])
            var listing = Listing(columns: ["id", "name", "status", "escalation_policy", "teams"],
                                  keyOrder: ["id", "name", "status", "description", "escalation_policy", "teams"],
                                  flexible: "name", droppable: ["teams", "escalation_policy"])
            for service in services {
                listing.append(row: [service.id, service.name, service.object["status"]?.stringValue,
                                     service.object["escalation_policy"]?["summary"]?.stringValue, DirectoryListing.names(service.object["teams"])],
                               object: service.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }

    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a service, and who is on call for it now (its policy's first level).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The service: its id or name.", valueName: "service"), completion: Completion.names(.service))
        var service: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let found = try await client.resolve(.service, service)
            let object = found.object
            var onCall: String?
            if let policy = object["escalation_policy"]?["id"]?.stringValue {
                var query = OnCallQuery()
                query.escalationPolicyIDs = [policy]
                let first = try await client.onCalls(query).filter { $0.level == 1 }.map(\.user.name)
                onCall = first.isEmpty ? nil : first.joined(separator: ", ")
            }
            DirectoryListing.single(fields: [
                ("id", found.id), ("name", found.name), ("status", object["status"]?.stringValue),
                ("description", object["description"]?.stringValue), ("escalation_policy", object["escalation_policy"]?["summary"]?.stringValue),
                ("on_call_now", onCall), ("teams", DirectoryListing.names(object["teams"])), ("html_url", object["html_url"]?.stringValue),
            ]).write(output, context: context)
        }
    }
}

/// `everyauth teams list`.
struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "List PagerDuty teams.", subcommands: [TeamsCommand.List.self], aliases: ["team"])

    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List teams.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["id", "name", "description"], keyOrder: ["id", "name", "description"], flexible: "description")
            for team in try await client.list(.team, query: DirectoryListing.query(search.query)) {
                listing.append(row: [team.id, team.name, team.object["description"]?.stringValue], object: team.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
