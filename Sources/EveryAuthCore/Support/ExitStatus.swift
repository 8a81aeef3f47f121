import Foundation

/// The process exit codes of SPEC.md §5, stable for scripts.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// A failure not listed below.
    case failure = 1
    /// The service is not configured or the identity does not exist.
    case notFound = 2
    /// No usable credential: no identity, expired and not refreshable, 401/403 after refresh.
    case authorizationNeeded = 3
    /// The authorization flow ended without success (denied, timeout, cancelled).
    case authorizationFailed = 4
    /// PagerDuty or the network failed after retries.
    case remoteFailure = 5
    /// The command line or an input value was wrong.
    case usage = 64

    /// One line per code, for README, man page and `--help`.
    public var summary: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure not listed here"
        case .notFound: return "not found (service not configured, no such identity)"
        case .authorizationNeeded:
            return "authorization needed (no identity, expired and not refreshable, 401/403 after refresh)"
        case .authorizationFailed: return "authorization flow ended without success (denied, timeout, cancelled)"
        case .remoteFailure: return "PagerDuty or network error after retries"
        case .usage: return "usage error"
        }
    }

    /// The one place that maps every error the core throws to an exit code.
    public static func `for`(_ error: any Error) -> ExitStatus {
        switch error {
        case let error as UsageError: _ = error; return .usage
        case let error as LookupError: _ = error; return .notFound
        case let error as SelectionError:
            switch error {
            case .noMatch: return .notFound
            case .ambiguous: return .usage
            }
        case let error as RevocationError: _ = error; return .remoteFailure
        case let error as StoreError: _ = error; return .failure
        case let error as HTTPError:
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
        default:
            return .failure
        }
    }
}
