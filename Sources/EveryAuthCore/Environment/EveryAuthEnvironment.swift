import Foundation

/// Every environment variable everyauth reads, resolved in one place, so that the library front
/// door (`EveryAuth`) and the command-line tool behave alike. A variable that is set but cannot
/// be used is a usage error naming it (SPEC §5), never silently ignored.
package struct EveryAuthEnvironment: Sendable {
    /// The variables as the process (or a test) sees them.
    package let variables: [String: String]

    /// Reads `variables`, by default the process environment.
    package init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The value of `name` when set and not empty; an empty variable counts as unset, as in most tools.
    package subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The config directory: `explicit` (`--config-dir`), else `$EVERYAUTH_CONFIG_DIR`, else
    /// `$XDG_CONFIG_HOME/everyauth`, else `~/.config/everyauth`. An empty explicit directory is
    /// `InvalidInput`; a path that exists and is not a directory is an error saying so.
    package func configDirectory(explicit: String? = nil) throws -> URL {
        if let explicit, explicit.isEmpty {
            throw InvalidInput(.configDirectory(from: .given), "the directory must not be empty")
        }
        let directory = ConfigDirectory.resolve(explicit: explicit, environment: variables)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            // A value the user gave is a usage error naming it; the default location is the machine's state.
            let source: InvalidInput.ValueSource? = explicit != nil ? .given
                : (self["EVERYAUTH_CONFIG_DIR"] != nil ? .environment("EVERYAUTH_CONFIG_DIR") : nil)
            if let source {
                throw InvalidInput(.configDirectory(from: source), "\(directory.path) is a file, not a directory; give a directory (it is created when missing)")
            }
            throw StoreError.io(path: directory.path, operation: "use the config directory",
                                reason: "it is a file, not a directory; move it away or set EVERYAUTH_CONFIG_DIR")
        }
        return directory
    }

    /// `EVERYAUTH_LOCK_TIMEOUT` (seconds, > 0), else 15 s: how long to wait for another process's store lock.
    package func lockTimeout() throws -> TimeInterval {
        try seconds("EVERYAUTH_LOCK_TIMEOUT") ?? 15
    }

    /// `EVERYAUTH_HTTP_TIMEOUT` (seconds, > 0) when set: the bound of each HTTP attempt.
    package func httpTimeout() throws -> TimeInterval? {
        try seconds("EVERYAUTH_HTTP_TIMEOUT")
    }

    /// The store in the resolved config directory, waiting for its lock as `EVERYAUTH_LOCK_TIMEOUT` says.
    package func fileStore(configDirectory explicit: String? = nil) throws -> FileStore {
        FileStore(directory: try configDirectory(explicit: explicit), lockTimeout: try lockTimeout(), keys: try StoreKeys(environment: variables))
    }

    /// Which store to use (SPEC §3 "Backends"): `explicit`, the caller's (named `store` in a
    /// refusal), else `$EVERYAUTH_STORE_URL`, else `everyauth.json` in the config directory
    /// (`configDirectory`, the caller's).
    package func storeAddress(explicit: String? = nil, configDirectory: String? = nil) throws -> StoreAddress {
        if let explicit { return try StoreAddress.parse(explicit, source: "store") }
        if let variable = self["EVERYAUTH_STORE_URL"] { return try StoreAddress.parse(variable, source: "EVERYAUTH_STORE_URL") }
        return .file(directory: try self.configDirectory(explicit: configDirectory))
    }

    /// Opens the store `storeAddress` names with `backends`, waiting for locks as
    /// `EVERYAUTH_LOCK_TIMEOUT` says.
    package func store(explicit: String? = nil, configDirectory: String? = nil, backends: StoreBackends) throws -> any Store {
        try open(storeAddress(explicit: explicit, configDirectory: configDirectory), backends: backends)
    }

    /// Opens `address` with `backends`, waiting for locks as `EVERYAUTH_LOCK_TIMEOUT` says, with
    /// `keys`, else those of `EVERYAUTH_STORE_KEY` or `EVERYAUTH_STORE_KEY_FILE`.
    package func open(_ address: StoreAddress, backends: StoreBackends, keys: StoreKeys? = nil) throws -> any Store {
        try backends.open(address, lockTimeout: try lockTimeout(), environment: variables, keys: keys)
    }

    /// HTTP settings: `EVERYAUTH_CA_BUNDLE` (a readable file) and `EVERYAUTH_HTTP_TIMEOUT`.
    package func httpConfiguration(trace: (@Sendable (String) -> Void)? = nil) throws -> HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration.fromEnvironment(variables, trace: trace)
        if let bundle = self["EVERYAUTH_CA_BUNDLE"], !FileManager.default.isReadableFile(atPath: bundle) {
            throw InvalidInput(.environment("EVERYAUTH_CA_BUNDLE"), "'\(bundle)' is not a readable file; give the path of a PEM file of certificate authorities")
        }
        if let timeout = try httpTimeout() {
            configuration.requestTimeout = timeout
            // A silent server must fail fast: connecting never takes longer than the whole attempt.
            configuration.connectTimeout = min(configuration.connectTimeout, timeout)
        }
        return configuration
    }

    /// The user id a command means: `explicit` (`--user-id`), else `$EVERYAUTH_USER_ID`, else
    /// `fallback` (the service's default user id), else the login name; whichever it is must pass
    /// `UserID`'s rule (`InvalidUserID` names the source). An empty `--user-id ""` is refused,
    /// never a fallback to someone else's identity.
    package func userID(explicit: String?, fallback: String? = nil) throws(InvalidUserID) -> String {
        if let explicit { return try UserID.validate(explicit) }
        if let value = self["EVERYAUTH_USER_ID"] { return try UserID.validate(value, from: .environment("EVERYAUTH_USER_ID")) }
        if let fallback, !fallback.isEmpty { return try UserID.validate(fallback, from: .storedDefault) }
        return try UserID.validate(DefaultUserID.loginName(environment: variables), from: .loginName)
    }

    /// A positive, finite number of seconds in `name`, nil when unset; anything else is a usage error.
    private func seconds(_ name: String) throws -> TimeInterval? {
        guard let text = self[name] else { return nil }
        guard let seconds = TimeInterval(text.trimmingCharacters(in: .whitespaces)), seconds > 0, seconds.isFinite else {
            throw InvalidInput(.environment(name), "'\(text)' is not a number of seconds; give a positive number such as 30, or unset it")
        }
        return seconds
    }
}
