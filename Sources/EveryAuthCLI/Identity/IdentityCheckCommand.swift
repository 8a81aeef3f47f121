import ArgumentParser
import EveryAuthCore
import Foundation

extension IdentityCommand {
    /// `everyauth identity check [SERVICE] [--all | --user-id | --id | --tag] [--refresh-ahead D]`:
    /// proves each identity usable and records what it found, for a cron line.
    struct Check: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Prove identities usable (refresh when due, GET /users/me) and record ok, expired, refresh_failed or revoked.",
            discussion: """
                Without a selection (or with --all) every identity (of SERVICE) is checked, eight at a time. Each is \
                refreshed when it expires within --refresh-ahead (default 5m; a cron line that runs daily with \
                --refresh-ahead 1d keeps idle grants alive), then asked GET /users/me. The verdict and its time are kept \
                with the identity and shown by 'identity ls' and 'identity status'. Exits 0 when every identity is \
                usable, 3 when any needs 'everyauth authorize', 5 when PagerDuty could not be asked about some (those \
                keep their last verdict). With --webhook-url, each refresh sends 'refreshed', a refused refresh \
                'refresh_failed', and a grant newly found revoked 'revoked' (signed, as 'serve' sends them); the command \
                waits up to 5 s for their delivery before it exits.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Only this service.", valueName: "service"), completion: Completion.services)
        var service: String?

        @Flag(name: .long, help: "Every identity (the default without a selection).")
        var all = false

        @Option(help: ArgumentHelp("Only the identity of this user id.", valueName: "id"), completion: Completion.userIDs)
        var userId: String?

        @Option(help: ArgumentHelp("Only the identity with this id (idn-...).", valueName: "idn"), completion: Completion.identityIDs)
        var id: String?

        @Option(name: .customLong("tag"), help: ArgumentHelp("Only identities with this KEY=VALUE tag; repeatable.", valueName: "key=value"),
                completion: Completion.tags)
        var tags: [String] = []

        @Option(name: .long, help: ArgumentHelp("Refresh grants that expire within this span: 1d, 12h (default 5m).", valueName: "duration"))
        var refreshAhead: String?

        @OptionGroup var webhook: WebhookOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if [userId != nil, id != nil, !tags.isEmpty].filter({ $0 }).count > 1 { throw ValidationError("give only one of --user-id, --id and --tag") }
            if all, userId != nil || id != nil || !tags.isEmpty { throw ValidationError("--all checks every identity; do not combine it with a selection") }
            try validatingUsage {
                _ = try SelectionRules.tags(tags)
                try SelectionRules.validateUserID(userId)
                _ = try refreshAhead.map { try DurationOption.seconds($0, flag: "--refresh-ahead") }
            }
        }

        /// Identities checked at once (SPEC §2: bounded concurrency).
        static let concurrency = 8

        func execute(_ context: CommandContext) async throws {
            let kind = try service.map(ServiceKind.named)
            let filter = IdentityFilter(service: kind, userId: userId, tags: try SelectionRules.tags(tags))
            let identities: [Identity]
            if let id {
                let selector = try await IdentityChoice(service: kind ?? .pagerduty, id: id).selector(in: context.store, environment: context.environment)
                identities = [try await context.store.identity(selector)]
            } else {
                identities = try await context.store.identities(matching: filter)
            }
            guard !identities.isEmpty else {
                context.err("No identity to check.")
                return
            }
            let baseURL = try await context.store.serviceSettings(ServiceKind.pagerduty.rawValue)
                .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
            var refresher = TokenRefresher(store: try context.store, http: try context.makeHTTPClient())
            if let refreshAhead { refresher.margin = try DurationOption.seconds(refreshAhead, flag: "--refresh-ahead") }
            // Refreshes announce themselves (refreshed, refresh_failed); a newly revoked grant is sent below.
            let sender = try webhook.sender(context)
            refresher.onEvent = sender?.sink
            let checker = refresher
            do {
                try await check(identities, checker: checker, baseURL: baseURL, sender: sender, context: context)
            } catch {
                _ = await sender?.drain(within: 5)
                throw error
            }
            _ = await sender?.drain(within: 5)
        }

        private func check(_ identities: [Identity], checker: TokenRefresher, baseURL: String, sender: WebhookSender?,
                           context: CommandContext) async throws {

            // Eight at a time, in the listing's order when reported.
            var results = [(verdict: IdentityVerdict, identity: Identity)?](repeating: nil, count: identities.count)
            try await withThrowingTaskGroup(of: (Int, IdentityVerdict).self) { group in
                var next = 0
                func start() {
                    guard next < identities.count else { return }
                    let (index, identity) = (next, identities[next])
                    next += 1
                    group.addTask { (index, IdentityVerdict(await IdentityCheck.run(identity, refresher: checker, baseURL: baseURL), now: Date())) }
                }
                for _ in 0..<Self.concurrency { start() }
                while let (index, verdict) = try await group.next() {
                    results[index] = (verdict, identities[index])
                    start()
                }
            }

            var listing = Listing(columns: ["id", "service", "userId", "result", "reason"], keyOrder: ["id", "service", "userId", "result", "checkedAt", "reason"],
                                  fixed: ["id", "userId", "result"], flexible: "reason", droppable: ["service"])
            listing.shortensIDs = true
            var counts: [String: Int] = [:]
            var marks: [IdentityKey: IdentityCheckMark] = [:]
            for case let (verdict, identity)? in results {
                // A grant found revoked is news once: not again while its last check already said so.
                if verdict.mark?.state == .revoked, identity.check?.state != .revoked,
                   let event = IdentityEvent(.revoked, identity: identity, reason: verdict.reason) {
                    sender?.send(event)
                }
                if let mark = verdict.mark { marks[IdentityKey(identity.id)] = mark }
                counts[verdict.result, default: 0] += 1
                listing.append(row: [identity.id, identity.service, identity.userId, verdict.result, verdict.reason],
                               object: ["id": .string(identity.id), "service": .string(identity.service), "userId": .string(identity.userId),
                                        "result": .string(verdict.result), "checkedAt": .string(Timestamp.format(verdict.at)),
                                        "reason": .optional(verdict.reason)])
            }
            // Every mark in one write (both backends record checks): only the marks change, a refresh
            // made meanwhile is kept.
            try await (context.store as? any StoreCheckRecording)?.recordChecks(marks)
            listing.write(output, context: context)
            context.flushStdout()
            let order = ["ok"] + IdentityCheckMark.State.allCases.filter(\.needsAuthorization).map(\.rawValue) + ["error"]
            let summary = order.compactMap { key in counts[key].map { "\($0) \(key)" } }.joined(separator: ", ")
            context.err("Checked \(results.count) identit\(results.count == 1 ? "y" : "ies"): \(summary).")
            let verdicts = results.compactMap { $0?.verdict }
            if verdicts.contains(where: { $0.mark?.state.needsAuthorization == true }) {
                context.err("Run 'everyauth authorize' for those that are not ok.")
                throw ExitCode(ExitStatus.authorizationNeeded.rawValue)
            }
            if verdicts.contains(where: { $0.mark == nil }) { throw ExitCode(ExitStatus.remoteFailure.rawValue) }
        }
    }
}

/// What one check comes to: a mark to record, or none when PagerDuty could not be asked.
struct IdentityVerdict: Sendable {
    var mark: IdentityCheckMark?
    var reason: String?
    var at: Date

    /// `ok`, a mark's state, or `error` (not recorded).
    var result: String { mark?.state.rawValue ?? "error" }

    init(_ check: IdentityCheck, now: Date) {
        at = now
        switch check {
        case .user, .accountKey:
            mark = IdentityCheckMark(state: .ok, at: now)
        case .refreshFailed(let error):
            // The refresh that was due was refused: the grant cannot be renewed.
            mark = IdentityCheckMark(state: .refreshFailed, at: now, reason: Self.words(error))
        case .rejected(let error, let serverMessage):
            // Expired with nothing to refresh it; else PagerDuty refused the token (after a forced
            // refresh, which was refused too, or for a key): the grant or the key was revoked.
            let expired = if case OAuthError.notRefreshable = error { true } else { false }
            mark = IdentityCheckMark(state: expired ? .expired : .revoked, at: now,
                                     reason: serverMessage.map { "PagerDuty answered: " + $0 } ?? Self.words(error))
        case .failed(let error):
            mark = nil
            reason = ErrorMessages.describe(error)
        }
        if let mark { reason = mark.reason }
    }

    /// The server's words for a refused refresh (its `error_description`), else the error's own.
    private static func words(_ error: any Error) -> String {
        if case OAuthError.refreshRejected(_, _, let description?) = error { return description }
        return ErrorMessages.describe(error)
    }
}
