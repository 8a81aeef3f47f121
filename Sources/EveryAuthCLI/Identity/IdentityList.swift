import ArgumentParser
import EveryAuthCore
import Foundation

extension IdentityCommand {
    /// `everyauth identity ls [SERVICE] [--user-id ID] [--tag K=V ...]`: identities without tokens.
    struct List: EveryAuthCommand {
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
                _ = try SelectionRules.tags(tags)
                try SelectionRules.validateUserID(userId)
            }
        }

        func execute(_ context: CommandContext) async throws {
            let filter = IdentityFilter(
                service: try service.map(ServiceKind.named), userId: userId, tags: try SelectionRules.tags(tags))
            let format = context.format(output)
            let now = Date()
            if format == .json || format == .ndjson {
                // Summaries, not identities: a listing never shows a token, so the store never builds
                // one; and each is written as it comes, so none is kept (10,000 identities).
                var writer = OrderedJSONWriter(pretty: format == .json, keyOrder: IdentitySummary.keyOrder)
                try await context.store.identitySummaries(matching: filter) { identity in
                    writer.append(identity, now: now)
                    writer.spill(to: context.streams.stdout)
                }
                context.streams.stdout.write(bytes: writer.finish())
                return
            }
            // The table marks each service's default user (`identity switch`); machine formats keep the plain id.
            let marksDefault = format == .table
            let services = marksDefault ? try await context.store.services() : [:]
            // A table fits 80 columns: ids short (a unique prefix, which every --id takes), the expiry
            // as `in 58m`, user ids and statuses whole, the tags in what is left (the scope, then the
            // service, make room first).
            var listing = Listing(
                columns: ["id", "service", "userId", "tags", "scope", "expiresAt", "status"],
                keyOrder: IdentitySummary.keyOrder, fixed: ["id", "userId", "status"], flexible: "tags", droppable: ["scope", "service"]
            )
            listing.shortensIDs = true
            listing.flexibleMinimum = 12
            try await context.store.identitySummaries(matching: filter) { identity in
                let row: [String?] = [
                    identity.id, identity.service,
                    identity.userId + (marksDefault && services[identity.service]?.defaultUserId == identity.userId ? " (default)" : ""),
                    identity.tags.description, identity.scope, identity.expiresAt.map(Timestamp.format), identity.listedStatus(now: now),
                ]
                var shown = row
                shown[5] = identity.expiresAt.map { Age.relative($0, now: now) }
                listing.append(row: row, shown: shown,
                               object: identity.object.merging(["status": .string(identity.listedStatus(now: now))]) { $1 })
            }
            listing.write(output, context: context)
        }
    }
}

extension OrderedJSONWriter {
    /// Adds `summary` as `append(summary.members)` would, without the array, its boxed values and
    /// a `String` per time (10,000 identities).
    mutating func append(_ summary: IdentitySummary, now: Date) {
        beginRecord()
        member("id"); value(.string(summary.id))
        member("service"); value(.string(summary.service))
        member("userId"); value(.string(summary.userId))
        member("kind"); value(.string(summary.kind.rawValue))
        member("tags"); value(summary.tags)
        member("scope"); value(summary.scope.map { .string($0) } ?? .null)
        member("expiresAt")
        if let expiresAt = summary.expiresAt { value(expiresAt) } else { value(.null) }
        member("status"); value(.string(summary.listedStatus(now: now)))
        member("createdAt"); value(summary.createdAt)
        member("updatedAt"); value(summary.updatedAt)
        member("check"); value(summary.check?.json ?? .null)
        endRecord()
    }
}

extension IdentitySummary {
    /// The status a listing shows: what the last `identity check` found when it found the identity
    /// unusable and nothing was stored since (`revoked`, `refresh_failed`, `expired`); else `expired`
    /// for an authorized credential past its expiry (it will be refreshed, or need authorizing, when
    /// next used); else the stored status.
    func listedStatus(now: Date) -> String {
        if let check, check.state.needsAuthorization, check.at.timeIntervalSince(updatedAt) > -1 { return check.state.rawValue }
        if status == .authorized, let expiresAt, expiresAt <= now { return "expired" }
        return status.rawValue
    }
}
