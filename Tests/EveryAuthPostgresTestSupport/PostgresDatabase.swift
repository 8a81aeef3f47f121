import EveryAuthCore
import EveryAuthPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests may use: `$EVERYAUTH_TEST_POSTGRES_URL` (an account that may
/// create databases; `scripts/with-postgres` starts one). Unset: the PostgreSQL tests skip, saying
/// so. `$EVERYAUTH_TEST_POSTGRES_REQUIRED=1` (CI): they run, and fail when the server is missing.
public enum PostgresTestServer {
    /// The server's URL, when given.
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["EVERYAUTH_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// True when missing PostgreSQL must fail the tests rather than skip them.
    public static let required = ProcessInfo.processInfo.environment["EVERYAUTH_TEST_POSTGRES_REQUIRED"] == "1"

    /// Whether PostgreSQL tests run: a URL is given, or the server is required (then they fail).
    public static let enabled: Bool = {
        if url == nil && !required {
            // Once per test process, on stderr, so a developer sees why a suite did not run.
            FileHandle.standardError.write(Data((skipReason + "\n").utf8))
        }
        return url != nil || required
    }()

    /// Why the PostgreSQL tests did not run.
    public static let skipReason =
        "PostgreSQL tests skipped: EVERYAUTH_TEST_POSTGRES_URL is not set (run them with scripts/with-postgres swift test)"
}

/// A database of its own for one test, created on the test server and dropped by `drop()`, so
/// tests running in parallel never share state.
public final class PostgresDatabase: Sendable {
    /// The database's name (`everyauth_test_` and random hex).
    public let name: String
    /// A `postgres://` URL of this database, with the server URL's user and password.
    public let url: String
    private let adminURL: String

    private init(name: String, url: String, adminURL: String) {
        self.name = name
        self.url = url
        self.adminURL = adminURL
    }

    /// A fresh empty database; fails (never skips) when the server cannot be reached.
    public static func create() async throws -> PostgresDatabase {
        guard let admin = PostgresTestServer.url else {
            throw PostgresTestError("EVERYAUTH_TEST_POSTGRES_REQUIRED=1 but EVERYAUTH_TEST_POSTGRES_URL is not set")
        }
        let name = "everyauth_test_" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        guard var components = URLComponents(string: admin) else {
            throw PostgresTestError("EVERYAUTH_TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/" + name
        guard let url = components.string else { throw PostgresTestError("cannot build a database URL") }
        // Parallel tests create databases at once; the server can refuse one of several concurrent
        // copies of template1 ("being accessed by other users"): try again, and say why if it persists.
        var attempt = 0
        while true {
            do {
                try await execute("CREATE DATABASE \"\(name)\"", url: admin)
                break
            } catch let error as PSQLError {
                attempt += 1
                guard attempt < 5 else {
                    throw PostgresTestError("CREATE DATABASE failed \(attempt) times: \(error.serverInfo?[.message] ?? String(reflecting: error))")
                }
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
        return PostgresDatabase(name: name, url: url, adminURL: admin)
    }

    /// Runs each SQL statement of `sql` in this database (test set-up such as an older schema).
    public func execute(_ sql: String) async throws {
        try await Self.execute(sql, url: url)
    }

    /// The single value (as text) of a one-row, one-column query, or nil.
    public func value(_ sql: String) async throws -> String? {
        try await Self.connected(url) { connection, logger in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            for try await (value) in rows.decode(String?.self) { return value }
            return nil
        }
    }

    /// Drops the database, closing whatever connections a test left open.
    public func drop() async {
        try? await Self.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)", url: adminURL)
    }

    private static func execute(_ sql: String, url: String) async throws {
        _ = try await connected(url) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    private static func connected<T>(_ url: String, _ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let logger = Logger(label: "everyauth.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let address = try PostgresAddress(url: url, environment: [:])
        let connection: PostgresConnection
        do {
            connection = try await address.connect(logger: logger)
        } catch {
            throw PostgresTestError("cannot reach the test PostgreSQL at \(address.redacted) (\(error)); start one with scripts/with-postgres")
        }
        do {
            let result = try await body(connection, logger)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A test set-up failure with PostgreSQL.
public struct PostgresTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
