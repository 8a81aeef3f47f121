import EveryAuthCore
import Foundation
import Hummingbird

/// Why a request of the flow is refused: the status and what the page says. Never carries a code,
/// a state or a token; provider text is kept short and stripped of controls (the page escapes it).
struct Refusal: Error {
    var status: Int
    var title: String
    var message: String
    /// Offer to start again (expired or used links).
    var offerRestart = false

    static func notSignedIn() -> Refusal {
        Refusal(status: 401, title: "Sign-in needed", message: "This page does not know who you are: sign in to the app first, then open the link again. Nothing was stored.")
    }

    /// The user id the sign-in gave breaks the user-id rule (1 to 256 bytes of UTF-8, no controls).
    static func invalidUserId(_ error: InvalidUserID) -> Refusal {
        Refusal(status: 400, title: "Unusable user id",
                message: "Your sign-in gave a user id that cannot be used: \(error.problem). Nothing was stored; ask your administrator.")
    }
}

extension AuthorizationRoutes {
    // MARK: - GET <mount>

    /// Resolves the user, keeps a pending authorization in the store and sends the browser to the
    /// provider with PKCE (S256) and a state of which only a hash is stored.
    func start(_ request: Request, context: Context) async -> Response {
        await answer {
            let userId = try await self.userId(request, context)
            let tags = try await self.tags(request, context)
            let settings = try await self.settings()
            let clientId = try AuthorizationRequest.clientId(of: settings)
            let now = configuration.now()
            let pkce = PKCE()
            let state = WebState(expiresAt: now.addingTimeInterval(configuration.pendingLifetime))
            let url = try AuthorizationRequest.url(settings: settings, clientId: clientId, redirectURI: redirectURI,
                                                   scope: configuration.scope, state: state.value, challenge: pkce.challenge)
            let pending = PendingAuthorization(
                id: state.id, stateHash: state.secretHash, service: service.rawValue, userId: userId,
                codeVerifier: pkce.verifier, redirectURI: redirectURI, tags: tags, finishedURL: nil,
                createdAt: now, expiresAt: state.expiresAt)
            do {
                try await configuration.store.savePending(pending, limits: configuration.pendingLimits)
            } catch let full as PendingLimitReached {
                throw Refusal(status: 503, title: "Too many authorizations in progress",
                              message: "Too many authorizations are in progress on this server right now (\(full.limit)); try again in a few minutes. Nothing was stored.")
            }
            configuration.onEvent?(.started(service: service, userId: userId))
            return AuthorizationPage.redirect(to: url)
        }
    }

    // MARK: - GET <mount>/callback

    /// Checks the state (single use, constant time, same user), exchanges the code, stores the
    /// identity and sends the browser to `finishedURL`.
    func callback(_ request: Request, context: Context) async -> Response {
        await answer {
            // Who is here before anything is spent: a signed-out browser can sign in and come back.
            let userId = try await self.userId(request, context)
            let query = Dictionary(FormEncoding.decode(request.uri.query ?? ""), uniquingKeysWith: { first, _ in first })
            guard let text = query["state"], let state = WebState(parsing: text) else {
                throw Refusal(status: 400, title: "Authorization failed",
                              message: "The address has no valid state: open the link from the start again.", offerRestart: true)
            }
            let now = configuration.now()
            // Taken only when the secret matches too: a forged secret for a known id spends nothing.
            guard let pending = try await configuration.store.takePending(id: state.id, stateHash: state.secretHash, now: now),
                  state.matches(stateHash: pending.stateHash), pending.service == service.rawValue else {
                if state.expiresAt <= now {
                    throw Refusal(status: 410, title: "Authorization expired",
                                  message: "This authorization was started more than \(Int(configuration.pendingLifetime / 60)) minutes ago and has expired: start again.",
                                  offerRestart: true)
                }
                throw Refusal(status: 400, title: "Authorization failed",
                              message: "This authorization link is unknown or was already used: start again.", offerRestart: true)
            }
            // A link started by one user must not store another user's grant under the first one.
            guard ConstantTime.equal(pending.userId, userId) else {
                throw Refusal(status: 403, title: "Authorization refused",
                              message: "This authorization was started by another user: start again from your own session.", offerRestart: true)
            }
            if let error = query["error"] {
                throw Self.providerRefusal(error: error, description: query["error_description"])
            }
            guard let code = query["code"], !code.isEmpty else {
                throw Refusal(status: 400, title: "Authorization failed", message: "The provider sent neither a code nor an error.", offerRestart: true)
            }
            let settings = try await self.settings()
            let credential: Credential
            do {
                credential = try await TokenEndpoint(settings: settings, http: configuration.http)
                    .exchange(code: code, redirectURI: pending.redirectURI, verifier: pending.codeVerifier)
            } catch let error as OAuthError {
                // The endpoint's own text has been redacted of what was sent (TokenEndpoint does it).
                throw Refusal(status: 502, title: "Authorization failed",
                              message: "The provider did not accept the authorization: \(ServerText.forMessage(error.errorDescription ?? "token exchange failed", maxLength: 300))",
                              offerRestart: true)
            } catch let error as TransferError {
                throw Refusal(status: 502, title: "Authorization failed",
                              message: "The provider could not be reached: \(ServerText.forMessage(error.errorDescription ?? "network error", maxLength: 300))")
            }
            // PagerDuty records who acted by the `From` email: asked once, kept (as `authorize` does).
            let email = await PagerDutyClient.userEmail(
                settings: settings, token: PagerDutyToken(value: credential.accessToken, scheme: .bearer), http: lookupHTTP)
            let identity = try await configuration.store.upsertIdentity(
                service: service, userId: userId, kind: .oauth, credential: credential, tags: IdentityTags(pending.tags), email: email, now: now)
            configuration.onEvent?(.authorized(service: service, userId: userId, identityId: identity.id))
            // Queued, not sent: the browser's redirect never waits for the app's receiver.
            configuration.webhooks?.send(IdentityEvent(.authorized, service: service, userId: userId, identityId: identity.id, time: now))
            return AuthorizationPage.redirect(to: finishedURL(pending.finishedURL))
        }
    }

    /// Where the browser goes after success: a pending entry's own `finishedURL` only when it is
    /// the configured one or on the public URL's origin (the pending state may have been written by
    /// anyone who can write the store); otherwise the configured one.
    func finishedURL(_ stored: String?) -> String {
        guard let stored, stored != configuration.finishedURL else { return configuration.finishedURL }
        guard let origin = FinishedURL.origin(of: stored), origin == FinishedURL.origin(of: configuration.publicBaseURL) else {
            return configuration.finishedURL
        }
        return stored
    }

    // MARK: - Shared

    /// Runs `body`, turning a refusal into its page and any other error into a plain 500 page
    /// whose text names the kind of failure, never a stack trace or a secret.
    private func answer(_ body: () async throws -> Response) async -> Response {
        let refusal: Refusal
        do {
            return try await body()
        } catch let error as Refusal {
            refusal = error
        } catch let error as LookupError {
            refusal = Refusal(status: 503, title: "Not configured",
                              message: "\(service.rawValue) is not configured on this server: \(ServerText.forMessage(error.errorDescription ?? "", maxLength: 200))")
        } catch let error as UsageError {
            refusal = Refusal(status: 503, title: "Not configured", message: ServerText.forMessage(error.message, maxLength: 300))
        } catch is StoreError {
            refusal = Refusal(status: 500, title: "Server error", message: "The credential store could not be used; try again later.")
        } catch {
            refusal = Refusal(status: 500, title: "Server error", message: "The authorization could not be completed; try again later.")
        }
        configuration.onEvent?(.refused(service: service, status: refusal.status, reason: refusal.message))
        return AuthorizationPage.response(
            status: refusal.status, title: refusal.title, message: refusal.message,
            links: refusal.offerRestart ? [(href: mountPath, text: "Start again")] : [])
    }

    /// The signed-in user's id, held to the user-id rule (SPEC §3): nil from the mapping is a 401,
    /// an id breaking the rule (or `InvalidUserID` thrown by the mapping) a 400.
    private func userId(_ request: Request, _ context: Context) async throws -> String {
        let mapped: String?
        do {
            mapped = try await configuration.mapToUserId(request, context)
        } catch let error as InvalidUserID {
            throw Refusal.invalidUserId(error)
        } catch {
            throw Refusal(status: 500, title: "Server error", message: "The app could not tell who you are; try again later.")
        }
        guard let userId = mapped else { throw Refusal.notSignedIn() }
        do {
            return try UserID.validate(userId)
        } catch {
            throw Refusal.invalidUserId(error)
        }
    }

    private func tags(_ request: Request, _ context: Context) async throws -> [String: String] {
        guard let mapping = configuration.tags else { return [:] }
        do {
            return try await mapping(request, context)
        } catch {
            throw Refusal(status: 500, title: "Server error", message: "The app could not tag this authorization; try again later.")
        }
    }

    private func settings() async throws -> EffectiveServiceSettings {
        try await configuration.store.settings(for: service)
    }

    /// The page for `error=` on the callback (RFC 6749 §4.1.2.1): 403 when the user said no,
    /// 502 for anything else the provider refused.
    static func providerRefusal(error: String, description: String?) -> Refusal {
        let code = ServerText.forMessage(error, maxLength: 64)
        var message = error == "access_denied"
            ? "Access was not granted (\(code))."
            : "The provider refused the authorization (\(code))."
        if let description, !description.isEmpty { message += " " + ServerText.forMessage(description, maxLength: 300) }
        return Refusal(status: error == "access_denied" ? 403 : 502, title: "Authorization not granted", message: message, offerRestart: true)
    }
}
