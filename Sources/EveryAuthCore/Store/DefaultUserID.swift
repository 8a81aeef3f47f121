import Foundation

/// The last fallback of the user-id chain (`EveryAuthEnvironment.userID`): the login name.
enum DefaultUserID {
    /// `$USER`, else `$LOGNAME`, else the account's name.
    static func loginName(environment: [String: String]) -> String {
        if let value = environment["USER"], !value.isEmpty { return value }
        if let value = environment["LOGNAME"], !value.isEmpty { return value }
        return NSUserName()
    }
}
