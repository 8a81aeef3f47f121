import EveryAuthCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store's connections: opened on demand up to a limit, kept idle between uses, closed by
/// `shutdown`. Not PostgresClient's pool, because that pool retries an unreachable server for a
/// minute before failing without a reason; a command must fail at once, saying why.
final class PostgresConnections: Sendable {
    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        /// Tasks waiting for a connection: resumed with one, or with nil to open their own.
        var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
        var closed = false
    }

    /// Thrown to users of the store after `shutdown`.
    struct ShutDown: Error, CustomStringConvertible {
        var description: String { "the store was shut down" }
    }

    private let state = Mutex(State())
    private let transport: PostgresTransport
    private let limit: Int
    private let nextID = Atomic<Int>(1)
    let logger: Logger

    init(transport: PostgresTransport, limit: Int) {
        self.transport = transport
        self.limit = limit
        logger = Logger(label: "everyauth.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Runs `body` on a connection of its own. A connection that failed other than by a server
    /// error (a broken socket, a cancelled query) is closed instead of reused.
    func with<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection, reusable: true)
            return result
        } catch {
            // The body's own errors (not found, a refresh refused) leave the connection as good as
            // a server's error does; a broken or cancelled exchange does not.
            let psql = error as? PSQLError
            release(connection, reusable: psql == nil || psql?.code == .server)
            throw error
        }
    }

    private enum Next {
        case use(PostgresConnection)
        case connect
        case wait
        case closed
    }

    private func lease() async throws -> PostgresConnection {
        while true {
            let next: Next = state.withLock { state in
                if state.closed { return .closed }
                while let connection = state.idle.popLast() {
                    if !connection.isClosed { return .use(connection) }
                    state.open -= 1
                }
                if state.open < limit {
                    state.open += 1
                    return .connect
                }
                return .wait
            }
            switch next {
            case .use(let connection):
                return connection
            case .closed:
                throw ShutDown()
            case .connect:
                do {
                    return try await connect()
                } catch {
                    // Let one waiter try in our place: the server may be back by then, or it fails alike.
                    let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection?, any Error>? in
                        state.open -= 1
                        return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
                    }
                    waiter?.resume(returning: nil)
                    throw error
                }
            case .wait:
                let handed: PostgresConnection? = try await withCheckedThrowingContinuation { continuation in
                    let closed = state.withLock { state -> Bool in
                        if state.closed { return true }
                        if let connection = state.idle.popLast() {
                            // Released between our look and now: take it at once.
                            state.idle.append(connection)
                            continuation.resume(returning: nil)
                            return false
                        }
                        if state.open < limit {
                            continuation.resume(returning: nil)
                            return false
                        }
                        state.waiters.append(continuation)
                        return false
                    }
                    if closed { continuation.resume(throwing: ShutDown()) }
                }
                if let handed { return handed }
            }
        }
    }

    /// A new connection. A server that hangs up during the handshake (a restart, a full accept
    /// queue under load) gets two more tries; a refused connection or a wrong password fails at once.
    private func connect() async throws -> PostgresConnection {
        var attempt = 0
        while true {
            do {
                return try await transport.connect(id: nextID.add(1, ordering: .relaxed).oldValue, logger: logger)
            } catch let error as PSQLError where error.code == .serverClosedConnection && attempt < 2 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    private func release(_ connection: PostgresConnection, reusable: Bool) {
        enum Outcome { case handed(CheckedContinuation<PostgresConnection?, any Error>), kept, close(CheckedContinuation<PostgresConnection?, any Error>?) }
        let keep = reusable && !connection.isClosed
        let outcome: Outcome = state.withLock { state in
            if keep && !state.closed {
                if !state.waiters.isEmpty { return .handed(state.waiters.removeFirst()) }
                state.idle.append(connection)
                return .kept
            }
            state.open -= 1
            return .close(state.waiters.isEmpty ? nil : state.waiters.removeFirst())
        }
        switch outcome {
        case .handed(let waiter):
            waiter.resume(returning: connection)
        case .kept:
            break
        case .close(let waiter):
            // Held until closed: a PostgresConnection must not be released while its channel is open.
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in _ = connection }
            waiter?.resume(returning: nil)
        }
    }

    /// Closes every idle connection, saying goodbye to the server (Terminate, not a dropped socket:
    /// PostgresConnection.close() only closes the socket), and fails every waiter; connections in
    /// use close on release.
    func shutdown() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(throwing: ShutDown()) }
        for connection in idle { try? await connection.closeGracefully() }
    }
}
