import CCurl
import Foundation
import Synchronization

/// Per-transfer state the C callbacks reach through `Unmanaged` userdata (callbacks capture nothing).
private final class TransferState {
    let limit: Int
    let cancellation: CancellationFlag
    var body = Data()
    var headers: [HTTPHeader] = []
    var tooLarge = false

    init(limit: Int, cancellation: CancellationFlag) {
        self.limit = limit
        self.cancellation = cancellation
    }
}

/// libcurl, opened at the first transfer (or `version --verbose`) and kept for the process's life.
///
/// Not linked: opened with dlopen (shim.h says why). `EVERYAUTH_LIBCURL` names another library file to
/// open (a libcurl of its own build, or one outside the loader's path); the default is the system's
/// `libcurl.so.4`. Loading also runs `curl_global_init`, once, before any handle exists.
final class Libcurl: @unchecked Sendable {
    /// The resolved entry points, for every shim call: written once before `loaded` publishes this
    /// object, only read afterwards, and never freed (the library stays loaded too), so any thread
    /// may use it.
    let api: UnsafePointer<everyauth_curl>

    private init(api: everyauth_curl) {
        let stored = UnsafeMutablePointer<everyauth_curl>.allocate(capacity: 1)
        stored.initialize(to: api)
        self.api = UnsafePointer(stored)
    }

    /// The loaded library, or why it could not be loaded.
    static let loaded: Result<Libcurl, LibcurlUnavailable> = {
        let path = getenv("EVERYAUTH_LIBCURL").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? String(cString: everyauth_curl_default_library())
        var api = everyauth_curl()
        var error = [CChar](repeating: 0, count: 512)
        guard everyauth_curl_load(path, &api, &error, error.count) == 0 else {
            return .failure(LibcurlUnavailable(reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        let code = everyauth_global_init(&api)
        guard code == CURLE_OK else {
            let reason = String(cString: everyauth_easy_strerror(&api, code))
            return .failure(LibcurlUnavailable(reason: "curl_global_init failed: \(reason)"))
        }
        return .success(Libcurl(api: api))
    }()

    /// Why transfers cannot run, or nil when libcurl is loaded (loading it now if it was not yet).
    static var unavailable: LibcurlUnavailable? {
        if case .failure(let error) = loaded { return error }
        return nil
    }
}

/// Why libcurl could not be opened: the loader's own words, and what to do. An installation problem,
/// not a network one: exit 1, never retried.
package struct LibcurlUnavailable: LocalizedError, Equatable, Sendable {
    /// dlerror's text (it names the file), or the missing entry point.
    package let reason: String

    /// The one line a user sees.
    package var message: String {
        "cannot load libcurl (\(reason)); install it (Debian and Ubuntu: apt-get install libcurl4) or set EVERYAUTH_LIBCURL to its path"
    }

    package var errorDescription: String? { message }
}

/// One reusable libcurl easy handle, and the only Swift code that touches CCurl (SPEC §1): typed
/// setters that name the option they set, the callbacks, and reading the result. It is owned by a
/// single worker thread and never shared, so it needs no lock. Reusing it keeps connections alive.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// libcurl's entry points (`Libcurl.loaded`), passed to every shim call.
    private let api: UnsafePointer<everyauth_curl>

    /// Whether libcurl could be loaded and initialized (`curl_global_init` runs exactly once).
    static var libraryInitialized: Bool { (try? Libcurl.loaded.get()) != nil }

    /// A handle, or nil when libcurl could not be loaded (`Libcurl.loaded` says why) or gave none.
    init?() {
        guard let api = try? Libcurl.loaded.get().api, let handle = everyauth_easy_init(api) else { return nil }
        self.api = api
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        everyauth_easy_cleanup(api, handle)
        errorBuffer.deallocate()
    }

    /// The CA bundle file this libcurl trusts by default, when it says (libcurl 7.84 and later).
    static func defaultCABundlePath() -> String? {
        guard let easy = CurlEasy(), let path = everyauth_default_cainfo(easy.api, easy.handle) else { return nil }
        return String(cString: path)
    }

    /// The CA directory this libcurl trusts by default (Debian: /etc/ssl/certs, hashed names), when it
    /// has one, says so (libcurl 7.84 and later) and it exists. OpenSSL reads a certificate from it
    /// only when a chain needs that one, where a bundle file is parsed whole, some 140 certificates,
    /// at every handshake: most of a listing's CPU over 8 connections.
    static let systemCADirectory: String? = {
        guard let easy = CurlEasy(), let raw = everyauth_default_capath(easy.api, easy.handle) else { return nil }
        let path = String(cString: raw)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return path
    }()

    /// Performs one attempt of `request` synchronously on the calling (worker) thread.
    func perform(_ request: HTTPClient.Request, configuration: HTTPClientConfiguration, trust: CATrust?,
                 cancellation: CancellationFlag) -> TransferOutcome {
        // Redacting parses the query: done only when an error names the URL, not for every request.
        var safeURL: String { Redaction.url(request.url) }
        if let problem = trust?.problem {
            return .failure(.transport(method: request.method, url: safeURL, reason: problem), retryable: false)
        }
        // Reset drops the previous request's options but keeps the connection cache (keep-alive).
        everyauth_easy_reset(api, handle)
        errorBuffer[0] = 0
        let state = TransferState(limit: configuration.maxResponseBytes, cancellation: cancellation)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { everyauth_slist_free_all(api, headerList) }
        do throws(CurlOptionError) {
            headerList = try configure(request, configuration: configuration, trust: trust)
            try installCallbacks(state)
        } catch {
            return .failure(.transport(method: request.method, url: safeURL, reason: error.message), retryable: false)
        }
        let code = withExtendedLifetime(state) { everyauth_easy_perform(api, handle) }
        return collect(code, state: state, request: request, configuration: configuration)
    }

    // MARK: - Configure

    /// Sets every option of one request; returns the header list, which must live until the transfer ends.
    private func configure(_ request: HTTPClient.Request, configuration: HTTPClientConfiguration,
                           trust: CATrust?) throws(CurlOptionError) -> UnsafeMutablePointer<curl_slist>? {
        try set(CURLOPT_URL, "CURLOPT_URL", request.url)
        try set(CURLOPT_NOSIGNAL, "CURLOPT_NOSIGNAL", 1)
        try check(everyauth_easy_setopt_pointer(api, handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        try check(everyauth_easy_restrict_protocols(api, handle), "CURLOPT_PROTOCOLS_STR")
        try set(CURLOPT_FOLLOWLOCATION, "CURLOPT_FOLLOWLOCATION", 0)
        // libcurl silently resends a request whose reused connection died without an answer; a
        // request that must not arrive twice (a note) therefore goes on a connection of its own.
        if !request.retryOnFailure { try set(CURLOPT_FRESH_CONNECT, "CURLOPT_FRESH_CONNECT", 1) }
        try set(CURLOPT_SSL_VERIFYPEER, "CURLOPT_SSL_VERIFYPEER", 1)
        try set(CURLOPT_SSL_VERIFYHOST, "CURLOPT_SSL_VERIFYHOST", 2)
        if let trust, let directory = trust.systemDirectory {
            // The extra bundle as a file beside the system directory: only it is parsed per handshake.
            try set(CURLOPT_CAINFO, "CURLOPT_CAINFO", trust.extraPath)
            try set(CURLOPT_CAPATH, "CURLOPT_CAPATH", directory)
        } else if let directory = Self.systemCADirectory, trust == nil {
            // The system's CAs from the directory alone: where libcurl has both, the default bundle
            // file holds the same certificates (update-ca-certificates writes both).
            try check(everyauth_easy_setopt_pointer(api, handle, CURLOPT_CAINFO, nil), "CURLOPT_CAINFO")
            try set(CURLOPT_CAPATH, "CURLOPT_CAPATH", directory)
        } else if let trust {
            // The merged bundle keeps the system CAs; without it, the extra bundle replaces them.
            let blobSet = trust.merged.map { pem in
                pem.withUnsafeBytes { everyauth_easy_setopt_cainfo_blob(api, handle, $0.baseAddress, $0.count) == CURLE_OK }
            } ?? false
            if !blobSet { try set(CURLOPT_CAINFO, "CURLOPT_CAINFO", trust.extraPath) }
        }
        try set(CURLOPT_CONNECTTIMEOUT_MS, "CURLOPT_CONNECTTIMEOUT_MS", Self.milliseconds(configuration.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, "CURLOPT_TIMEOUT_MS", Self.milliseconds(configuration.requestTimeout))
        try set(CURLOPT_USERAGENT, "CURLOPT_USERAGENT", configuration.userAgent)
        try set(CURLOPT_ACCEPT_ENCODING, "CURLOPT_ACCEPT_ENCODING", "")
        try set(CURLOPT_MAXFILESIZE_LARGE, "CURLOPT_MAXFILESIZE_LARGE", large: Int64(configuration.maxResponseBytes))

        switch request.method {
        case "GET": try set(CURLOPT_HTTPGET, "CURLOPT_HTTPGET", 1)
        case "HEAD": try set(CURLOPT_NOBODY, "CURLOPT_NOBODY", 1)
        case "POST": try set(CURLOPT_POST, "CURLOPT_POST", 1)
        default: try set(CURLOPT_CUSTOMREQUEST, "CURLOPT_CUSTOMREQUEST", request.method)
        }
        if request.body != nil || request.method == "POST" {
            let body = request.body ?? Data()
            try set(CURLOPT_POSTFIELDSIZE_LARGE, "CURLOPT_POSTFIELDSIZE_LARGE", large: Int64(body.count))
            // COPYPOSTFIELDS copies the bytes, so the Data may go away after this call.
            let code = body.withUnsafeBytes { raw -> CURLcode in
                guard let base = raw.baseAddress, raw.count > 0 else {
                    return everyauth_easy_setopt_string(api, handle, CURLOPT_COPYPOSTFIELDS, "")
                }
                return everyauth_easy_setopt_pointer(api, handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            }
            try check(code, "CURLOPT_COPYPOSTFIELDS")
        }

        // "Expect:" stops libcurl from waiting for 100-continue on larger bodies.
        var headerList: UnsafeMutablePointer<curl_slist>?
        for line in request.headers.map({ Self.headerLine($0) }) + ["Expect:"] {
            headerList = everyauth_slist_append(api, headerList, line)
        }
        do throws(CurlOptionError) {
            try check(everyauth_easy_setopt_slist(api, handle, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER")
        } catch {
            everyauth_slist_free_all(api, headerList)
            throw error
        }
        return headerList
    }

    // MARK: - Callbacks

    /// Installs the body, header and progress callbacks, all reaching `state` through userdata.
    private func installCallbacks(_ state: TransferState) throws(CurlOptionError) {
        let userdata = Unmanaged.passUnretained(state).toOpaque()
        try check(everyauth_easy_setopt_data_callback(api, handle, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            if state.body.count + length > state.limit {
                state.tooLarge = true
                return 0  // Any other count than `length` makes libcurl abort with CURLE_WRITE_ERROR.
            }
            if let data, length > 0 { state.body.append(UnsafeRawBufferPointer(start: data, count: length).bindMemory(to: UInt8.self)) }
            return length
        }, "CURLOPT_WRITEFUNCTION")
        try check(everyauth_easy_setopt_pointer(api, handle, CURLOPT_WRITEDATA, userdata), "CURLOPT_WRITEDATA")
        try check(everyauth_easy_setopt_data_callback(api, handle, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            guard let data, length > 0 else { return length }
            switch CurlEasy.headerLine(UnsafeRawBufferPointer(start: data, count: length)) {
            case .status:
                // A new status line (after 1xx or a proxy CONNECT): keep only the final response's headers.
                state.headers = []
            case .field(let header):
                state.headers.append(header)
            case .other:
                break
            }
            return length
        }, "CURLOPT_HEADERFUNCTION")
        try check(everyauth_easy_setopt_pointer(api, handle, CURLOPT_HEADERDATA, userdata), "CURLOPT_HEADERDATA")
        try set(CURLOPT_NOPROGRESS, "CURLOPT_NOPROGRESS", 0)
        try check(everyauth_easy_setopt_xferinfo_callback(api, handle) { userdata, _, _, _, _ in
            let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
            return state.cancellation.isCancelled ? 1 : 0
        }, "CURLOPT_XFERINFOFUNCTION")
        try check(everyauth_easy_setopt_pointer(api, handle, CURLOPT_XFERINFODATA, userdata), "CURLOPT_XFERINFODATA")
    }

    /// What one line libcurl hands the header callback is.
    enum HeaderLine: Equatable {
        /// `HTTP/...`: a response begins (the final one, or a 1xx or proxy answer before it).
        case status
        /// `Name: value`, both without surrounding spaces, tabs or the line break.
        case field(HTTPHeader)
        /// The blank line that ends the headers, or a line without a colon.
        case other
    }

    /// Parses a header line from its bytes: ASCII whitespace (RFC 9110's optional whitespace and the
    /// CRLF) is trimmed byte by byte, not by Foundation's Unicode-aware trimming, which was a few
    /// percent of a 10,000-incident listing's CPU for some 1,500 header lines.
    static func headerLine(_ bytes: UnsafeRawBufferPointer) -> HeaderLine {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if line.starts(with: "HTTP/".utf8) { return .status }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .other }
        var nameEnd = colon
        while nameEnd > 0, isSpace(line[nameEnd - 1]) { nameEnd -= 1 }
        var valueStart = colon + 1
        while valueStart < line.count, isSpace(line[valueStart]) { valueStart += 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<nameEnd]), as: UTF8.self)
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart...]), as: UTF8.self)
        return .field(HTTPHeader(name, value))
    }

    // MARK: - Collect

    /// Turns libcurl's result code and what the callbacks gathered into the attempt's outcome.
    private func collect(_ code: CURLcode, state: TransferState, request: HTTPClient.Request,
                         configuration: HTTPClientConfiguration) -> TransferOutcome {
        if state.tooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.bodyTooLarge(url: Redaction.url(request.url), limit: configuration.maxResponseBytes), retryable: false)
        }
        if code == CURLE_ABORTED_BY_CALLBACK, state.cancellation.isCancelled { return .cancelled }
        guard code == CURLE_OK else { return failure(code, request: request, configuration: configuration) }
        var status = 0
        _ = everyauth_easy_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
        var total = 0.0
        _ = everyauth_easy_getinfo_double(api, handle, CURLINFO_TOTAL_TIME, &total)
        return .response(HTTPClient.Response(status: status, headers: state.headers, body: state.body, duration: total))
    }

    /// Maps a libcurl error to `TransferError`, with the error buffer's detail (scrubbed) when it adds something.
    private func failure(_ code: CURLcode, request: HTTPClient.Request, configuration: HTTPClientConfiguration) -> TransferOutcome {
        let safeURL = Redaction.url(request.url)
        if code == CURLE_OPERATION_TIMEDOUT {
            // A timeout may come after the server got the request: only a repeatable request tries again.
            return .failure(.timedOut(method: request.method, url: safeURL, seconds: configuration.requestTimeout),
                            retryable: request.retryOnFailure)
        }
        if code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL {
            return .failure(.invalidURL(safeURL), retryable: false)
        }
        let summary = message(code)
        let detail = Redaction.secrets([request.url], in: String(cString: errorBuffer)).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = detail.isEmpty || detail == summary ? summary : "\(summary) (\(detail))"
        let retryable = (request.retryOnFailure ? Self.retryableCodes : Self.unsentCodes).contains(code.rawValue)
        return .failure(.transport(method: request.method, url: safeURL, reason: reason), retryable: retryable)
    }

    // MARK: - Typed setters

    /// Sets a `long` option, naming it when libcurl refuses.
    func set(_ option: CURLoption, _ name: String, _ value: Int) throws(CurlOptionError) {
        try check(everyauth_easy_setopt_long(api, handle, option, value), name)
    }

    /// Sets a string option (libcurl copies the string), naming it when libcurl refuses.
    func set(_ option: CURLoption, _ name: String, _ value: String) throws(CurlOptionError) {
        try check(everyauth_easy_setopt_string(api, handle, option, value), name)
    }

    /// Sets a `curl_off_t` option, naming it when libcurl refuses.
    func set(_ option: CURLoption, _ name: String, large value: Int64) throws(CurlOptionError) {
        try check(everyauth_easy_setopt_off(api, handle, option, curl_off_t(value)), name)
    }

    private func check(_ code: CURLcode, _ name: String) throws(CurlOptionError) {
        guard code == CURLE_OK else { throw CurlOptionError(option: name, reason: message(code)) }
    }

    private func message(_ code: CURLcode) -> String {
        String(cString: everyauth_easy_strerror(api, code))
    }

    /// Failures where the request may not have reached the server or the connection broke: worth another try.
    private static let retryableCodes: Set<UInt32> = [
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_PARTIAL_FILE,
        CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
    ].map(\.rawValue).reduce(into: Set<UInt32>()) { $0.insert($1) }

    /// Failures before a connection existed, so no byte of the request was sent: safe to repeat even a POST.
    private static let unsentCodes: Set<UInt32> = [
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
    ].map(\.rawValue).reduce(into: Set<UInt32>()) { $0.insert($1) }

    private static func milliseconds(_ seconds: TimeInterval) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }

    /// `Name: value`, or `Name;` which is libcurl's way to send a header with an empty value.
    private static func headerLine(_ header: HTTPHeader) -> String {
        header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
    }
}

extension CurlEasy {
    /// `curl_version_info` as a value: the C struct and its pointers stay in this file.
    static func loadedLibraryVersion() -> LibcurlVersion {
        let api: UnsafePointer<everyauth_curl>
        switch Libcurl.loaded {
        case .success(let curl): api = curl.api
        case .failure(let error): return LibcurlVersion(version: "not loaded: \(error.message)", tlsBackend: nil)
        }
        guard let info = everyauth_version_info(api) else { return LibcurlVersion(version: "unknown", tlsBackend: nil) }
        let version = info.pointee.version.map { String(cString: $0) } ?? "unknown"
        let tls = info.pointee.ssl_version.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return LibcurlVersion(version: version, tlsBackend: tls)
    }
}
