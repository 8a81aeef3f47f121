import Foundation

/// One child run to its end: input written, stdin closed, output captured, the wait bounded
/// (the child and its process group are SIGKILLed on timeout).
public enum ChildProcess {
    /// Runs `path ARGS` with exactly `environment`, feeding `input`; suspends without holding a thread.
    public static func runAsync(_ path: String, _ arguments: [String], environment: [String: String],
                                stdin input: String? = nil, timeout: TimeInterval) async throws -> CLIResult {
        let child = try BackgroundProcess(path, arguments, environment: environment)
        if let input { child.write(input) }
        child.closeStdin()
        return await child.waitAsync(timeout: timeout)
    }

    /// `runAsync` blocking the calling thread; kept for synchronous callers (prefer `runAsync`).
    public static func run(_ path: String, _ arguments: [String], environment: [String: String],
                           stdin input: String?, timeout: TimeInterval) throws -> CLIResult {
        let child = try BackgroundProcess(path, arguments, environment: environment)
        if let input { child.write(input) }
        child.closeStdin()
        return child.wait(timeout: timeout)
    }
}

/// The executables this package builds, found beside the test bundle in the products directory
/// (the test targets declare them as dependencies, so `swift build --build-tests` puts them there).
public enum BuiltProducts {
    /// The products directory: where the test bundle is.
    public static let directory: URL = {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        // On Linux the bundle is the test executable itself.
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
    }()

    /// The built executable `name` (a missing one fails at its first run with the path it looked for).
    public static func executable(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }
}

/// Runs blocking work (a synchronous library call, raw sockets) on a thread of its own: the
/// concurrency pool has one thread per core, and long waits there starve other tests.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
