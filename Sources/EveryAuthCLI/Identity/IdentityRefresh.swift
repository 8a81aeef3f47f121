import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity refresh SERVICE [selection]`: a new access token now, whatever the expiry.
    struct Refresh: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Refresh an identity's access token now, whatever its expiry (app tokens are requested again)."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var selection: IdentityCommand.Selection

        func execute(_ context: CommandContext) async throws {
            let selector = try await selection.selector(context)
            let refresher = TokenRefresher(store: try context.store, http: try context.makeHTTPClient())
            let current = try await refresher.identity(selector, refresh: false)
            guard current.kind != .apiKey else {
                throw UsageError("\(current.id) is a PagerDuty API key; API keys do not expire and are never refreshed")
            }
            // Under the lock, the refresh is skipped only when another process already replaced this token.
            let fresh = try await refresher.forceRefresh(IdentitySelector(service: selector.service, id: current.id),
                                                         staleAccessToken: current.credential.accessToken)
            let expires = fresh.credential.expiresAt.map { ", expires \(Timestamp.format($0))" } ?? ""
            context.err("Refreshed the \(fresh.service) identity \(fresh.id) of user '\(fresh.userId)'\(expires).")
        }
    }
}
