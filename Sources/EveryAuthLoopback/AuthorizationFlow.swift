import EveryAuthCore
import Foundation

/// What `everyauth authorize` asks for, beyond the service settings.
public struct AuthorizationOptions: Sendable {
    /// Overrides the service's scope.
    public var scope: String?
    /// Overrides the service's `redirectPort`; 0 means any free port.
    public var port: Int?
    /// Open a browser (else only print the address).
    public var openBrowser = true
    /// Give up after this many seconds.
    public var timeout: Int = 300
    /// Where the browser goes after success, instead of the thank-you page.
    public var finishedURL: String?
    /// Accept the callback address pasted on stdin (the SSH case). Off by default: an app that
    /// embeds the flow owns its stdin; the CLI turns it on.
    public var readPastedAddresses = false
    /// End the flow as cancelled on Ctrl-C (SIGINT), closing the listener, instead of dying.
    public var cancelOnInterrupt = false

    public init() {}
}

/// Things the flow tells the person running it (the CLI prints them on stderr).
public enum AuthorizationEvent: Sendable, Equatable {
    /// The address to open; always shown, also when a browser is started.
    case authorizationURL(String, redirectURI: String)
    /// The browser could not be started; the user opens the address by hand.
    case browserFailed(String)
    /// A pasted line was not this flow's callback; the wait goes on.
    case pastedAddressRejected(String)
}

/// The loopback authorization flow of RFC 8252 with PKCE (RFC 7636): listen on 127.0.0.1, send
/// the user to the authorization URL, wait for one valid callback (or a pasted one), exchange
/// the code. Returns the credential; storing it is the caller's part.
public struct AuthorizationFlow: Sendable {
    public let settings: EffectiveServiceSettings
    public let options: AuthorizationOptions
    public let http: HTTPClient
    public let browser: BrowserLauncher
    /// Reads one pasted line, nil at end of input; blocking (it runs on its own thread).
    public var readLine: @Sendable () -> String? = { Swift.readLine(strippingNewline: true) }

    public init(settings: EffectiveServiceSettings, options: AuthorizationOptions, http: HTTPClient, browser: BrowserLauncher = BrowserLauncher()) {
        self.settings = settings
        self.options = options
        self.http = http
        self.browser = browser
    }

    /// Runs the flow; `events` hears what the user should be told. Cancelling the calling task ends
    /// the wait at once with `OAuthError.cancelled`, the listener closed.
    public func run(events: @escaping @Sendable (AuthorizationEvent) -> Void) async throws -> Credential {
        let clientId = try AuthorizationRequest.clientId(of: settings)
        let pkce = PKCE()
        let state = PKCE.newState()
        let result = FlowResultBox()
        let receiver = try await LoopbackReceiver(
            port: options.port ?? settings.redirectPort, state: state, finishedURL: options.finishedURL, result: result)
        let parser = receiver.parser
        let url = try authorizationURL(clientId: clientId, redirectURI: parser.redirectURI, state: state, challenge: pkce.challenge)

        let timeout = min(max(options.timeout, 1), 86_400)
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout) * 1_000_000_000)
            result.finish(.failure(.timedOut(seconds: timeout)))
        }
        if options.readPastedAddresses { readPastedAddresses(parser: parser, result: result, events: events) }
        let interrupt = options.cancelOnInterrupt ? Self.cancelOnInterrupt(result) : nil
        defer { interrupt.map(Self.restoreInterrupt) }
        events(.authorizationURL(url, redirectURI: parser.redirectURI))
        if options.openBrowser {
            browser.open(url) { reason in
                if !result.isFinished { events(.browserFailed(reason)) }
            }
        }

        let code: String
        do {
            code = try await result.wait()
        } catch {
            timer.cancel()
            await receiver.close()
            throw error
        }
        timer.cancel()
        await receiver.close()
        return try await TokenEndpoint(settings: settings, http: http)
            .exchange(code: code, redirectURI: parser.redirectURI, verifier: pkce.verifier)
    }

    /// `authorizationUrl` with the request parameters of RFC 6749 §4.1.1 and RFC 7636 §4.3.
    func authorizationURL(clientId: String, redirectURI: String, state: String, challenge: String) throws -> String {
        try AuthorizationRequest.url(settings: settings, clientId: clientId, redirectURI: redirectURI, scope: options.scope,
                                     state: state, challenge: challenge)
    }

    /// Turns SIGINT into a cancelled outcome while the flow waits.
    private static func cancelOnInterrupt(_ result: FlowResultBox) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { result.finish(.failure(.cancelled)) }
        source.resume()
        return source
    }

    private static func restoreInterrupt(_ source: any DispatchSourceSignal) {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    /// Reads stdin on its own thread: a blocking read cannot be cancelled, and end of input must
    /// leave the listener waiting rather than end the flow.
    private func readPastedAddresses(parser: CallbackParser, result: FlowResultBox, events: @escaping @Sendable (AuthorizationEvent) -> Void) {
        let readLine = self.readLine
        let thread = Thread {
            while !result.isFinished, let line = readLine() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty, !result.isFinished else { continue }
                switch parser.evaluate(pasted: text) {
                case .code(let code): result.finish(.success(code))
                case .denied(let error, let description): result.finish(.failure(.denied(error: error, description: description)))
                case .ignored(_, let reason): events(.pastedAddressRejected(reason))
                }
            }
        }
        thread.start()
    }
}
