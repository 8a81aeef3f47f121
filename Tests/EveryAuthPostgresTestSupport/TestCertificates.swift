import EveryAuthTestSupport
import Foundation

/// Certificates made at test time with the `openssl` command (OpenSSL 3): a private CA and leaf
/// certificates it signs, or self-signed ones, in a temporary directory removed by `cleanUp()`.
public final class TestCertificates: Sendable {
    /// The `openssl` command, when installed.
    public static let openssl: String? = ["/usr/bin/openssl", "/opt/homebrew/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A certificate and its key (PEM files).
    public struct Pair: Sendable {
        public let certificate: String
        public let key: String
    }

    /// Where the files are.
    public let directory: URL
    /// The CA every `signed` certificate chains to; give its certificate as `sslrootcert`.
    public let authority: Pair

    /// Makes the directory and the CA.
    public static func make() async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let authority = Pair(certificate: directory.appendingPathComponent("ca.pem").path, key: directory.appendingPathComponent("ca.key").path)
        try await run(["req", "-x509", "-days", "2", "-subj", "/CN=everyauth test CA", "-keyout", authority.key, "-out", authority.certificate])
        return TestCertificates(directory: directory, authority: authority)
    }

    private init(directory: URL, authority: Pair) {
        self.directory = directory
        self.authority = authority
    }

    /// A leaf certificate for `subjectAltName` (e.g. `DNS:db.example.com` or `IP:127.0.0.1`) signed
    /// by the CA, or self-signed when `selfSigned`.
    public func certificate(_ name: String, subjectAltName: String, selfSigned: Bool = false) async throws -> Pair {
        let pair = Pair(certificate: directory.appendingPathComponent("\(name).pem").path,
                        key: directory.appendingPathComponent("\(name).key").path)
        let signer = selfSigned ? [] : ["-CA", authority.certificate, "-CAkey", authority.key]
        try await Self.run(["req", "-x509", "-days", "2", "-subj", "/CN=\(name)", "-keyout", pair.key, "-out", pair.certificate]
            + signer + ["-addext", "subjectAltName=\(subjectAltName)", "-addext", "basicConstraints=critical,CA:FALSE"])
        return pair
    }

    /// Removes the files.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `openssl ARGS` with a new P-256 key and no passphrase.
    private static func run(_ arguments: [String]) async throws {
        guard let openssl else { throw PostgresTestError("the openssl command is not installed") }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let result = try await ChildProcess.runAsync(openssl, [arguments[0], arguments[1]] + key + arguments.dropFirst(2),
                                                     environment: ProcessInfo.processInfo.environment, timeout: 60)
        guard result.status == 0 else { throw PostgresTestError("openssl \(arguments.joined(separator: " ")): \(result.stderr)") }
    }
}
