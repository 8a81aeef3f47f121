import Foundation

/// The user id a command means when `--user-id` is not given: `$EVERYAUTH_USER_ID`, else the login name.
public enum DefaultUserID {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let value = environment["EVERYAUTH_USER_ID"], !value.isEmpty { return value }
        if let value = environment["USER"], !value.isEmpty { return value }
        if let value = environment["LOGNAME"], !value.isEmpty { return value }
        return NSUserName()
    }
}
