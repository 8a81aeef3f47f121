import ArgumentParser
import EveryAuthCore
import Foundation

extension IdentityCommand {
    /// `everyauth identity status [SERVICE] [selection]`: each identity checked online, like `gh auth status`.
    struct Status: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Check identities online (GET /users/me): user, email, role, account, expiry.",
            discussion: """
                Without a selection every identity (of SERVICE) is checked, and $PAGERDUTY_TOKEN too when it is set \
                (incidents and api use it before the default user's identity). Exits 3 when any is rejected.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Only this service.", valueName: "service"), completion: Completion.services)
        var service: String?

        @Option(help: ArgumentHelp("Only the identity of this user id.", valueName: "id"), completion: Completion.userIDs)
        var userId: String?

        @Option(help: ArgumentHelp("Only the identity with this id (idn-...).", valueName: "idn"), completion: Completion.identityIDs)
        var id: String?

        @Option(name: .customLong("tag"), help: ArgumentHelp("Only the one identity with this KEY=VALUE tag; repeatable.", valueName: "key=value"), completion: Completion.tags)
        var tags: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if [userId != nil, id != nil, !tags.isEmpty].filter({ $0 }).count > 1 {
                throw ValidationError("give only one of --user-id, --id and --tag")
            }
            try validatingUsage { _ = try SelectionRules.tags(tags) }
        }

        func execute(_ context: CommandContext) async throws {
            let kind = try service.map(ServiceKind.named)
            let identities: [Identity]
            if userId != nil || id != nil || !tags.isEmpty {
                let choice = IdentityChoice(service: kind ?? .pagerduty, id: id, userId: userId, tags: try SelectionRules.tags(tags))
                let selector = try await choice.selector(in: context.store, environment: context.environment)
                identities = [try await context.store.identity(selector)]
            } else {
                identities = try await context.store.identities(matching: IdentityFilter(service: kind))
            }
            // Without a selection, the token `incidents` and `api` would use before any stored default.
            let environmentToken = userId == nil && id == nil && tags.isEmpty && (kind ?? .pagerduty) == .pagerduty
                ? context.environment["PAGERDUTY_TOKEN"] : nil
            let baseURL = try await context.store.serviceSettings(ServiceKind.pagerduty.rawValue)
                .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
            let refresher = TokenRefresher(store: try context.store, http: try context.makeHTTPClient())
            // A table fits 80 columns: ids short (a unique prefix, which every --id takes), the expiry as
            // `in 58m`, the email (who the token acts as) getting what is left once the role, account,
            // kind and name have made room, in that order.
            var listing = Listing(
                columns: ["id", "userId", "kind", "check", "name", "email", "role", "account", "expiresAt"],
                keyOrder: ["id", "service", "userId", "kind", "check", "name", "email", "role", "account", "expiresAt", "reason"],
                fixed: ["id", "userId", "check"], flexible: "email", droppable: ["role", "account", "kind", "name"])
            listing.shortensIDs = true
            listing.flexibleMinimum = 16
            let now = Date()
            var worst = ExitStatus.success
            /// One row: what the check found, its error on stderr (prefixed with `label`), the worst exit status so far.
            func report(_ check: IdentityCheck, id: String, service: String, userId: String?, kind: String, expiresAt: Date?, label: String) {
                var fields: (check: String, name: String?, email: String?, role: String?, account: String?, reason: String?)
                switch check {
                case .user(let name, let email, let role, let account): fields = ("ok", name, email, role, account, nil)
                case .accountKey: fields = ("ok", "account API key", nil, nil, nil, nil)
                case .rejected(let error, _), .refreshFailed(let error):
                    // The verdict in `identity check`'s words: expired, refresh_failed or revoked.
                    fields = (IdentityVerdict(check, now: now).result, nil, nil, nil, nil, ErrorMessages.describe(error))
                    worst = .authorizationNeeded
                    context.error(label + ErrorMessages.text(for: error))
                case .failed(let error):
                    fields = ("error", nil, nil, nil, nil, ErrorMessages.describe(error))
                    if worst == .success { worst = .remoteFailure }
                    context.error(label + ErrorMessages.text(for: error))
                }
                let expires: String? = expiresAt.map(Timestamp.format)
                let row: [String?] = [id, userId, kind, fields.check, fields.name, fields.email, fields.role, fields.account, expires]
                var shown = row
                shown[8] = expiresAt.map { Age.relative($0, now: now) }
                let object: [String: JSONValue] = [
                    "id": .string(id), "service": .string(service), "userId": .optional(userId),
                    "kind": .string(kind), "check": .string(fields.check), "name": .optional(fields.name),
                    "email": .optional(fields.email), "role": .optional(fields.role), "account": .optional(fields.account),
                    "expiresAt": .optional(expires), "reason": .optional(fields.reason),
                ]
                listing.append(row: row, shown: shown, object: object)
            }
            var marks: [IdentityKey: IdentityCheckMark] = [:]
            for identity in identities {
                let check = await IdentityCheck.run(identity, refresher: refresher, baseURL: baseURL)
                let selector = IdentitySelector(service: try ServiceKind.named(identity.service), id: identity.id)
                // The expiry after the check: it may have refreshed the token.
                if let mark = IdentityVerdict(check, now: Date()).mark { marks[IdentityKey(identity.id)] = mark }
                let stored = try? await context.store.identity(selector)
                report(check, id: identity.id, service: identity.service, userId: identity.userId, kind: identity.kind.rawValue,
                       expiresAt: (stored ?? identity).credential.expiresAt, label: "\(identity.id) (\(identity.userId)): ")
            }
            // What it found is kept, as 'identity check' keeps it, in one write.
            try? await (context.store as? any StoreCheckRecording)?.recordChecks(marks)
            if let environmentToken {
                let token = PagerDutyToken.guessing(try ErrorMessages.given("PAGERDUTY_TOKEN") {
                    try TokenText.validate(environmentToken, from: .environment("PAGERDUTY_TOKEN"))
                })
                let auth = PagerDutyAuth(token: token, source: .environment("PAGERDUTY_TOKEN"))
                let check = await IdentityCheck.run(PagerDutyClient(baseURL: baseURL, http: refresher.http, auth: auth))
                report(check, id: "$PAGERDUTY_TOKEN", service: ServiceKind.pagerduty.rawValue, userId: nil,
                       kind: token.scheme == .bearer ? "token" : "apiKey", expiresAt: nil, label: "")
                if context.stderrIsTerminal {
                    context.err("$PAGERDUTY_TOKEN is set: incidents and api use it unless --token, --user-id, --id or --tag names another credential.")
                }
            }
            listing.write(output, context: context)
            if worst != .success { throw ExitCode(worst.rawValue) }
        }
    }
}
