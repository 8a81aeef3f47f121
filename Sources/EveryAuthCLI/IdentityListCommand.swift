import ArgumentParser
import EveryAuthCore

/// `everyauth identity ls [SERVICE] [--user-id ID] [--tag K=V ...]`: identities without tokens.
struct IdentityListCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List stored identities (never their tokens).",
        aliases: ["list"]
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Only this service.", valueName: "service"), completion: Completion.services)
    var service: String?

    @Option(help: ArgumentHelp("Only this user id.", valueName: "id"), completion: Completion.userIDs)
    var userId: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Only identities with this KEY=VALUE tag; repeat to require more.", valueName: "key=value"), completion: Completion.tags)
    var tags: [String] = []

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func validate() throws {
        try validatingUsage {
            _ = try IdentityTags.parse(tags)
            if let userId { try EveryAuthEnvironment.requireValue(userId, flag: "--user-id", what: "user id") }
        }
    }

    func execute(_ context: CommandContext) async throws {
        let filter = IdentityFilter(
            service: try service.map(ServiceKind.named), userId: userId, tags: try IdentityTags.parse(tags))
        let identities = try await context.store.identities(matching: filter)
        // The table marks each service's default user (`identity switch`); machine formats keep the plain id.
        let format = context.format(output)
        let marksDefault = format == .table
        let services = marksDefault ? try await context.store.services() : [:]
        if format == .json || format == .ndjson {
            // Written as they come, without a table row or a dictionary each (10,000 identities).
            var writer = OrderedJSONWriter(pretty: format == .json, keyOrder: Identity.summaryKeyOrder, expected: identities.count)
            for identity in identities { writer.append(identity.summaryMembers) }
            context.streams.stdout.write(bytes: writer.finish())
            return
        }
        var listing = Listing(
            columns: ["id", "service", "userId", "tags", "scope", "expiresAt", "status"],
            keyOrder: Identity.summaryKeyOrder, fixed: ["id"], flexible: "tags"
        )
        for identity in identities {
            let expires = identity.credential.expiresAt.map(Timestamp.format)
            listing.append(
                row: [identity.id, identity.service,
                      identity.userId + (marksDefault && services[identity.service]?.defaultUserId == identity.userId ? " (default)" : ""),
                      IdentityTags.format(identity.tags),
                      identity.credential.scope ?? "-", expires ?? "-", identity.status.rawValue],
                object: identity.summary)
        }
        listing.write(output, context: context)
    }
}

extension Identity {
    /// `summary`'s members in `summaryKeyOrder`, for `OrderedJSONWriter`.
    var summaryMembers: [(key: String, value: JSONValue)] {
        [
            ("id", .string(id)),
            ("service", .string(service)),
            ("userId", .string(userId)),
            ("kind", .string(kind.rawValue)),
            ("tags", .object(tags.mapValues { .string($0) })),
            ("scope", credential.scope.map { .string($0) } ?? .null),
            ("expiresAt", credential.expiresAt.map { .string(Timestamp.format($0)) } ?? .null),
            ("status", .string(status.rawValue)),
            ("createdAt", .string(Timestamp.format(createdAt))),
            ("updatedAt", .string(Timestamp.format(updatedAt))),
        ]
    }
}
