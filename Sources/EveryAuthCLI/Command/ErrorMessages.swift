import EveryAuthCore
import Foundation

/// How the command line says what went wrong (SPEC §5, §6): the core's errors carry facts (which
/// identity, which setting, which input) in words that name no flag; here they get the flag or
/// variable that carried the value and the command that fixes it. The one place a remedy is
/// written; `ExitStatus.for` is the one place an exit code is chosen.
enum ErrorMessages {
    /// The one line `everyauth: error:` prints for `error`.
    static func text(for error: any Error) -> String {
        switch error {
        case let error as InvalidInput: return text(for: error)
        // With the flag spelled out: `text(for: error)` would pick this function again (no default argument).
        case let error as InvalidUserID: return text(for: error, flag: "--user-id")
        case let error as InvalidTag: return text(for: error, flag: "--tag")
        case let error as OAuthError: return text(for: error)
        case let error as LookupError: return text(for: error)
        case let error as IdentityAbsent: return describe(error) + "; nothing was removed (see 'everyauth identity ls \(error.service)')"
        case let error as SelectionError: return text(for: error)
        case DirectoryLookupError.ambiguous: return describe(error) + "; give the id of the one you mean"
        case DirectoryLookupError.notFound(let kind, _):
            let list = ["services", "teams", "schedules", "escalation-policies", "users"].first { $0.hasPrefix(kind.noun.replacingOccurrences(of: " ", with: "-")) }
            return describe(error) + (list.map { "; see 'everyauth \($0) list'" } ?? "; see 'everyauth api /priorities'")
        case let error as PagerDutyError: return text(for: error)
        case let error as RevocationError: return describe(error) + "; nothing was removed (pass --force to remove it anyway)"
        case let error as ServiceSettingMissing: return text(for: error)
        case let error as UnsafeEndpoint: return text(for: error)
        case let error as RequesterMissing: return describe(error) + ": give --from EMAIL or set PAGERDUTY_FROM"
        case IncidentListingError.uncounted: return describe(error) + " with --since/--until"
        case let error as TokenRejected: return text(for: error)
        case let error as StoreNotFound:
            return describe(error) + "; check --store, --config-dir and EVERYAUTH_STORE_URL, or create one there with 'everyauth service set pagerduty --clientId ID'"
        case StoreError.keyMissing(let keyID, _, _):
            return describe(error) + "; set EVERYAUTH_STORE_KEY (or EVERYAUTH_STORE_KEY_FILE) to keys that include '\(keyID):BASE64'"
        case StoreError.undecryptable(let keyID, _, _):
            return describe(error) + "; check that EVERYAUTH_STORE_KEY's key '\(keyID)' is the one the store was encrypted with"
        case StoreError.noKey:
            return describe(error) + "; set EVERYAUTH_STORE_KEY (or EVERYAUTH_STORE_KEY_FILE) to ID:BASE64 with 32 random bytes "
                + "(see 'Encrypt the store' in the README)"
        default: return describe(error)
        }
    }

    /// The core's own words for `error`.
    static func describe(_ error: any Error) -> String {
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    // MARK: - Values given

    /// `FLAG: problem`, with a hint where one helps.
    static func text(for error: InvalidInput) -> String {
        switch error.input {
        case .selection(.userIdAndIdentityID): return "--user-id and --id both name an identity; give only one of them"
        case .selection(.tokenAndUserId): return "--token and --user-id cannot be combined"
        case .window(.allTimeWithBounds): return "--all-time cannot be combined with --since or --until"
        case .window(.empty): return "--since must be before --until (\(error.problem))"
        case .setting(.clientSecret) where error.problem.contains("empty"):
            return "--clientSecret: \(error.problem); give '-' to read it from stdin"
        default: return "\(flag(for: error.input)): \(error.problem)"
        }
    }

    /// The flag or variable that carries a value of `input` where the command line gives it.
    static func flag(for input: InvalidInput.Input) -> String {
        switch input {
        case .setting(let key): return "--" + key.name
        case .port: return "--port"
        case .statuses: return "--status"
        case .urgencies: return "--urgency"
        case .includes: return "--include"
        case .sort: return "--sort-by"
        case .timeZone: return "--time-zone"
        case .since: return "--since"
        case .until: return "--until"
        case .window: return "--since/--until"
        case .ids(.service): return "--service"
        case .ids(.team): return "--team"
        case .ids(.assignee): return "--assignee"
        case .duration: return "--for"
        case .requester(.given): return "--from"
        case .token(.given): return "--token"
        case .configDirectory(.given): return "--config-dir"
        case .requester(.environment(let name)), .token(.environment(let name)), .configDirectory(.environment(let name)),
             .environment(let name):
            return name
        case .apiField: return "-f/-F"
        case .apiHeader: return "-H"
        case .apiPath: return "PATH"
        case .apiMethod: return "-X"
        case .identityID: return "--id"
        case .finishedURL: return "--finished-url"
        case .webhookURL: return "--webhook-url"
        case .webhookSecretFile: return "--webhook-secret-file"
        case .incident: return "INCIDENT"
        case .selection: return "--user-id/--id"
        // The store the caller named is `--store` on the command line; a variable or a URL names itself.
        case .store(let name): return name == "store" ? "--store" : name
        case .directory(let noun): return "--" + noun.replacingOccurrences(of: " ", with: "-")
        case .storeKeys(.given): return "store keys"
        case .storeKeys(.environment(let name)): return name
        }
    }

    /// Runs `body`, which checks a value given with `flag`; a refusal names that flag (for a
    /// value whose flag is not the one `flag(for:)` knows: `--redirectPort` through `--port`,
    /// `-f` or `-F` alone, a value read from stdin).
    static func given<T>(_ flag: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InvalidInput {
            throw UsageError("\(flag): \(error.problem)")
        } catch let error as InvalidUserID {
            throw UsageError(text(for: error, flag: flag))
        } catch let error as InvalidTag {
            throw UsageError(text(for: error, flag: flag))
        }
    }

    /// The one line a refused user id gets: where it came from, what is wrong, what a user id is.
    static func text(for error: InvalidUserID, flag: String = "--user-id") -> String {
        let rule = "a user id is 1 to \(UserID.maxBytes) bytes of UTF-8 without control characters"
        switch error.source {
        case .given: return "\(flag): \(error.problem); \(rule)"
        case .environment(let name): return "\(name): \(error.problem); \(rule) (or unset it)"
        case .storedDefault: return "the default user id stored by 'identity switch': \(error.problem); run 'everyauth identity switch' with another --user-id"
        case .loginName: return "the login name as user id: \(error.problem); give --user-id"
        case .stored: return "a stored identity: \(error.problem); \(rule)"
        }
    }

    /// The line for a tag that is not `KEY=VALUE`.
    static func text(for error: InvalidTag, flag: String = "--tag") -> String {
        "\(flag): '\(error.text)' is not KEY=VALUE; give tags like \(flag) team=web"
    }

    // MARK: - What to run next

    static func text(for error: OAuthError) -> String {
        let facts = describe(error)
        switch error {
        case .timedOut: return facts + "; run the command again (raise --timeout if you need longer)"
        case .portInUse: return facts + "; pick another with --port or 'everyauth service set pagerduty --redirectPort N'"
        case .refreshRejected(let service, let userId, _), .notRefreshable(let service, let userId), .unauthorized(let service, let userId):
            return replacing(facts, "; the user must authorize again", with: "; run '\(authorize(service, userId))' again")
        case .identityNeeded(let service, let userId):
            return replacing(facts, "; the user must authorize first", with: "; run '\(authorize(service, userId))', or pass --token or set PAGERDUTY_TOKEN")
        case .denied, .cancelled, .callbackRejected, .tokenEndpoint, .malformedTokenResponse:
            return facts
        }
    }

    static func text(for error: LookupError) -> String {
        let facts = describe(error)
        switch error {
        case .unknownService: return facts
        case .serviceNotConfigured(let name): return facts + "; run 'everyauth service set \(name) --clientId ID' first"
        case .identityNotFound(_, _, .some): return facts + "; run 'everyauth identity ls' to see what is stored"
        case .identityNotFound(let service, let userId, nil): return facts + "; run '\(authorize(service, userId ?? ""))' first"
        case .incidentNotFound: return facts + "; check the id with 'everyauth incidents list'"
        }
    }

    static func text(for error: SelectionError) -> String {
        switch error {
        case .noMatch(let service, _): return describe(error) + "; run 'everyauth identity ls \(service)' to see what is stored"
        case .ambiguous: return describe(error) + "; add a tag or pass --id"
        case .ambiguousID: return describe(error) + "; give more of the id"
        }
    }

    static func text(for error: PagerDutyError) -> String {
        switch error {
        case .unauthorized: return describe(error) + "; run 'everyauth authorize pagerduty' or check the token"
        case .forbidden, .api, .malformedResponse: return describe(error)
        }
    }

    static func text(for error: TokenRejected) -> String {
        switch error.source {
        case .given:
            return "PagerDuty rejected the token of --token (HTTP 401): \(error.message); check the token, or drop --token to use a stored identity"
        case .environment(let name):
            return "PagerDuty rejected the token in $\(name) (HTTP 401): \(error.message); fix or unset \(name) (--user-id uses a stored identity instead)"
        case .identity(let service, let userId):
            return describe(error) + "; run '\(authorize(service, userId))' again"
        }
    }

    static func text(for error: ServiceSettingMissing) -> String {
        let value = error.setting == .clientSecret ? "-" : (error.setting == .clientId ? "ID" : "VALUE")
        return describe(error) + "; run 'everyauth service set \(error.service) --\(error.setting.name) \(value)'"
    }

    static func text(for error: UnsafeEndpoint) -> String {
        let fix = error.setting.map { "fix it with 'everyauth service set pagerduty --\($0.name) URL'" }
            ?? "fix the URL in the service settings ('everyauth service set')"
        return "refusing to send a request to '\(error.url)': it \(error.problem); \(fix)"
    }

    /// Services without a client id in the store, when the error being rendered would send the
    /// user to `authorize` (set by `CommandContext` from the store's state): on a fresh machine
    /// the first remedy is `service set`, never a command that fails next (SPEC §5).
    @TaskLocal static var unconfiguredServices: Set<String> = []

    /// `everyauth authorize SERVICE --user-id USER`, preceded by the `service set` that must come
    /// first when the service has no client id; the user id quoted when a shell would split it.
    private static func authorize(_ service: String, _ userId: String) -> String {
        let user = ShellWord.isInert(userId) ? userId : "'" + userId.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let command = "everyauth authorize \(service) --user-id \(user)"
        guard unconfiguredServices.contains(service) else { return command }
        return "everyauth service set \(service) --clientId ID', then '" + command
    }

    /// The service an error's remedy would send to `authorize`, if it is one that does.
    static func serviceToAuthorize(_ error: any Error) -> String? {
        switch error {
        case let error as OAuthError:
            switch error {
            case .refreshRejected(let service, _, _), .notRefreshable(let service, _), .unauthorized(let service, _),
                 .identityNeeded(let service, _):
                return service
            default: return nil
            }
        case LookupError.identityNotFound(let service, _, nil): return service
        case let error as TokenRejected:
            if case .identity(let service, _) = error.source { return service }
            return nil
        default: return nil
        }
    }

    /// `text` with its core remedy replaced by the command line's.
    private static func replacing(_ text: String, _ suffix: String, with remedy: String) -> String {
        text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) + remedy : text + remedy
    }
}

/// An error with the one hint line the error form allows (SPEC §6): printed under
/// `everyauth: error:`, the exit status still `base`'s.
struct HintedError: Error {
    let base: any Error
    let hint: String
}
