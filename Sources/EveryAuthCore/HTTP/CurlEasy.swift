import CCurl
import Foundation

/// How one transfer attempt ended, as seen by the retry logic.
enum TransferOutcome: Sendable {
    /// The server answered (any status).
    case response(HTTPResponse)
    /// libcurl failed; `retryable` says whether trying again may help (connection trouble, timeouts).
    case failure(HTTPError, retryable: Bool)
    /// The calling task was cancelled during the transfer.
    case cancelled
}

/// Set from any thread to abort a running transfer at libcurl's next progress callback.
final class CancellationFlag: @unchecked Sendable {
    // Guarded by `lock`; read by the worker thread, written by the cancelling task.
    private let lock = NSLock()
    private var cancelled = false

    /// Whether `cancel()` was called.
    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Marks the transfer as no longer wanted.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}

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

/// One reusable libcurl easy handle. The only type that touches CCurl pointers; it is owned by a single
/// worker thread and never shared, so it needs no lock. Reusing it keeps connections alive between requests.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Runs `curl_global_init` exactly once, before the first handle exists.
    static let libraryInitialized: Bool = everyauth_global_init() == CURLE_OK

    init?() {
        guard Self.libraryInitialized, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs one attempt of `request` synchronously on the calling (worker) thread.
    func perform(_ request: HTTPRequest, configuration: HTTPClientConfiguration, trust: CATrust?,
                 cancellation: CancellationFlag) -> TransferOutcome {
        let safeURL = Redaction.url(request.url)
        if let problem = trust?.problem {
            return .failure(.transport(method: request.method, url: safeURL, reason: problem), retryable: false)
        }
        // Reset drops the previous request's options but keeps the connection cache (keep-alive).
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let state = TransferState(limit: configuration.maxResponseBytes, cancellation: cancellation)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        let setupOK = withExtendedLifetime(state) { () -> Bool in
            let userdata = Unmanaged.passUnretained(state).toOpaque()
            var ok = true
            func check(_ code: CURLcode) { if code != CURLE_OK { ok = false } }
            check(everyauth_easy_setopt_string(handle, CURLOPT_URL, request.url))
            check(everyauth_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
            check(everyauth_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
            check(everyauth_easy_restrict_protocols(handle))
            check(everyauth_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
            check(everyauth_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
            check(everyauth_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
            if let trust {
                // The merged bundle keeps the system CAs; without it, the extra bundle replaces them.
                let blobSet = trust.merged.map { pem in
                    pem.withUnsafeBytes { everyauth_easy_setopt_cainfo_blob(handle, $0.baseAddress, $0.count) == CURLE_OK }
                } ?? false
                if !blobSet { check(everyauth_easy_setopt_string(handle, CURLOPT_CAINFO, trust.extraPath)) }
            }
            check(everyauth_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
            check(everyauth_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.requestTimeout)))
            check(everyauth_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
            check(everyauth_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
            check(everyauth_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)))

            switch request.method {
            case "GET":
                check(everyauth_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
            case "HEAD":
                check(everyauth_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
            case "POST":
                check(everyauth_easy_setopt_long(handle, CURLOPT_POST, 1))
            default:
                check(everyauth_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
            if request.body != nil || request.method == "POST" {
                let body = request.body ?? Data()
                check(everyauth_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                // COPYPOSTFIELDS copies the bytes, so the Data may go away after this call.
                body.withUnsafeBytes { raw in
                    if let base = raw.baseAddress, raw.count > 0 {
                        check(everyauth_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base)))
                    } else {
                        check(everyauth_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
                    }
                }
            }

            // "Expect:" stops libcurl from waiting for 100-continue on larger bodies.
            for line in request.headers.map({ Self.headerLine($0) }) + ["Expect:"] {
                headerList = curl_slist_append(headerList, line)
            }
            check(everyauth_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

            check(everyauth_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                if state.body.count + length > state.limit {
                    state.tooLarge = true
                    return 0  // Any other count than `length` makes libcurl abort with CURLE_WRITE_ERROR.
                }
                if let data, length > 0 { state.body.append(UnsafeRawBufferPointer(start: data, count: length).bindMemory(to: UInt8.self)) }
                return length
            })
            check(everyauth_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata))
            check(everyauth_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                guard let data, length > 0 else { return length }
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if line.hasPrefix("HTTP/") {
                    // A new status line (after 1xx or a proxy CONNECT): keep only the final response's headers.
                    state.headers = []
                } else if let colon = line.firstIndex(of: ":") {
                    let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
                    let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    state.headers.append(HTTPHeader(name, value))
                }
                return length
            })
            check(everyauth_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata))
            check(everyauth_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            check(everyauth_easy_setopt_xferinfo_callback(handle) { userdata, _, _, _, _ in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                return state.cancellation.isCancelled ? 1 : 0
            })
            check(everyauth_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, userdata))
            return ok
        }
        guard setupOK else {
            return .failure(.transport(method: request.method, url: safeURL, reason: "libcurl refused the request options"), retryable: false)
        }

        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        if state.tooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.bodyTooLarge(url: safeURL, limit: configuration.maxResponseBytes), retryable: false)
        }
        if code == CURLE_ABORTED_BY_CALLBACK, cancellation.isCancelled { return .cancelled }
        guard code == CURLE_OK else { return failure(code, request: request, safeURL: safeURL, configuration: configuration) }

        var status = 0
        _ = everyauth_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var total = 0.0
        _ = everyauth_easy_getinfo_double(handle, CURLINFO_TOTAL_TIME, &total)
        return .response(HTTPResponse(status: status, headers: state.headers, body: state.body, duration: total))
    }

    /// Maps a libcurl error to `HTTPError`, with the error buffer's detail (scrubbed) when it adds something.
    private func failure(_ code: CURLcode, request: HTTPRequest, safeURL: String, configuration: HTTPClientConfiguration) -> TransferOutcome {
        if code == CURLE_OPERATION_TIMEDOUT {
            return .failure(.timedOut(method: request.method, url: safeURL, seconds: configuration.requestTimeout), retryable: true)
        }
        if code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL {
            return .failure(.invalidURL(safeURL), retryable: false)
        }
        let summary = String(cString: curl_easy_strerror(code))
        let detail = Redaction.secrets([request.url], in: String(cString: errorBuffer)).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = detail.isEmpty || detail == summary ? summary : "\(summary) (\(detail))"
        return .failure(.transport(method: request.method, url: safeURL, reason: reason), retryable: Self.retryableCodes.contains(code.rawValue))
    }

    /// Failures where the request may not have reached the server or the connection broke: worth another try.
    private static let retryableCodes: Set<UInt32> = [
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_PARTIAL_FILE,
        CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
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
        guard let info = everyauth_version_info() else { return LibcurlVersion(version: "unknown", tlsBackend: nil) }
        let version = info.pointee.version.map { String(cString: $0) } ?? "unknown"
        let tls = info.pointee.ssl_version.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return LibcurlVersion(version: version, tlsBackend: tls)
    }
}
