import Foundation
import EveryAuthCore

/// The process exit codes of SPEC.md §5, stable for scripts.
package enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// A failure not listed below.
    case failure = 1
    /// Not found where authorizing cannot help: service not configured, no identity with that id.
    case notFound = 2
    /// The remedy is `everyauth authorize`: no identity for the user id, `refresh_error`, expired
    /// and not refreshable, 401/403 after a refresh; the same for every command.
    case authorizationNeeded = 3
    /// The authorization flow ended without success (denied, timeout, cancelled).
    case authorizationFailed = 4
    /// PagerDuty or the network failed after retries.
    case remoteFailure = 5
    /// The command line or an input value was wrong.
    case usage = 64

    /// One line per code, for README, man page and `--help`.
    package var summary: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure not listed here (a declined confirmation included)"
        case .notFound: return "not found where authorizing cannot help (service not configured; no identity, incident, PagerDuty service, schedule, user... with that id, number or name)"
        case .authorizationNeeded:
            return "authorization needed: run 'everyauth authorize' (no identity for the user id, refresh_error, expired and not refreshable, 401/403 after refresh)"
        case .authorizationFailed: return "authorization flow ended without success (denied, timeout, cancelled)"
        case .remoteFailure: return "PagerDuty or network error after retries"
        case .usage: return "usage error (unknown service name, bad or empty values, bad environment variables, a name several objects share)"
        }
    }

    /// The one place that maps every error the core throws to an exit code.
    package static func `for`(_ error: any Error) -> ExitStatus {
        switch error {
        case let error as UsageError: _ = error; return .usage
        case let error as InvalidUserID: _ = error; return .usage
        case let error as InvalidTag: _ = error; return .usage
        case let error as InvalidInput: _ = error; return .usage
        case let error as UnsafeEndpoint: _ = error; return .usage
        case let error as RequesterMissing: _ = error; return .usage
        // A rejected token is an authorization problem, as a 401 after a refresh is (SPEC §5).
        case let error as TokenRejected: _ = error; return .authorizationNeeded
        case let error as ServiceSettingMissing: _ = error; return .usage
        case let error as LookupError:
            switch error {
            // A service name everyauth does not know is a wrong command line (SPEC §5).
            case .unknownService: return .usage
            // No identity for a user id: authorizing that user id is the remedy (SPEC §5).
            case .identityNotFound(_, .some, nil): return .authorizationNeeded
            case .serviceNotConfigured, .identityNotFound, .incidentNotFound: return .notFound
            }
        case let error as DirectoryLookupError:
            switch error {
            case .notFound, .missing: return .notFound
            // Several objects answer to the name: the command line must say which (SPEC §2).
            case .ambiguous: return .usage
            }
        case let error as IdentityAbsent: _ = error; return .notFound
        case let error as StoreNotFound: _ = error; return .notFound
        case let error as SelectionError:
            switch error {
            case .noMatch: return .notFound
            case .ambiguous, .ambiguousID: return .usage
            }
        case let error as RevocationError: _ = error; return .remoteFailure
        case let error as StoreError:
            // Asking to re-encrypt without a key is a missing environment variable (SPEC §5).
            if case .noKey = error { return .usage }
            return .failure
        case let error as TransferError:
            switch error {
            case .invalidURL: return .usage
            default: return .remoteFailure
            }
        case let error as OAuthError:
            switch error {
            case .denied, .timedOut, .cancelled, .portInUse, .callbackRejected:
                return .authorizationFailed
            case .refreshRejected, .notRefreshable, .unauthorized, .identityNeeded:
                return .authorizationNeeded
            case .tokenEndpoint, .malformedTokenResponse:
                return .remoteFailure
            }
        case let error as PagerDutyError:
            switch error {
            case .unauthorized, .forbidden: return .authorizationNeeded
            case .api, .malformedResponse: return .remoteFailure
            }
        // PagerDuty's listing cannot be paged past its ceiling: the remote side's limit, as before.
        case let error as IncidentListingError: _ = error; return .remoteFailure
        case let error as PaginationError: _ = error; return .remoteFailure
        default:
            return .failure
        }
    }
}
