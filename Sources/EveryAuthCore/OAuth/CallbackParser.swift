import Foundation

/// What one arrival at the redirect URI means for the flow.
package enum CallbackOutcome: Sendable, Equatable {
    /// The authorization code, with the state checked: the flow goes on to the token exchange.
    case code(String)
    /// The server said no (`error=`); the flow ends with this message.
    case denied(error: String, description: String?)
    /// Not the callback this flow waits for; answered with `status` and the wait goes on.
    case ignored(status: Int, reason: String)
}

/// Judges callbacks, whether they arrive at the loopback listener or are pasted into the terminal,
/// so that both paths apply exactly the same checks (path, state, error, code).
package struct CallbackParser: Sendable {
    /// The listener's port; a pasted address must name it.
    package let port: Int
    /// The `state` sent in the authorization URL.
    package let expectedState: String
    /// The only path that carries the answer.
    package static let path = "/callback"

    package init(port: Int, expectedState: String) {
        self.port = port
        self.expectedState = expectedState
    }

    /// The redirect URI registered in the authorization request.
    package var redirectURI: String { "http://127.0.0.1:\(port)\(Self.path)" }

    /// Judges a request that reached the listener: its path and raw query string.
    package func evaluate(path: String, query: String) -> CallbackOutcome {
        guard path == Self.path else {
            return .ignored(status: 404, reason: "not found")
        }
        var fields: [String: String] = [:]
        for (name, value) in FormEncoding.decode(query) where fields[name] == nil {
            fields[name] = value
        }
        // The state is checked before `error` too: otherwise any page could end the flow.
        guard let state = fields["state"], !state.isEmpty else {
            return .ignored(status: 400, reason: "the address has no state parameter")
        }
        guard Self.constantTimeEqual(state, expectedState) else {
            return .ignored(status: 400, reason: "the state parameter does not match this authorization request")
        }
        if let error = fields["error"], !error.isEmpty {
            let description = fields["error_description"].flatMap { $0.isEmpty ? nil : $0 }
            return .denied(error: error, description: description)
        }
        guard let code = fields["code"], !code.isEmpty else {
            return .ignored(status: 400, reason: "the address has neither a code nor an error")
        }
        return .code(code)
    }

    /// Judges an address the user pasted: it must be this listener's callback URL.
    package func evaluate(pasted line: String) -> CallbackOutcome {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "http",
              let host = components.host?.lowercased() else {
            return .ignored(status: 400, reason: "paste the whole address, starting with http://127.0.0.1:\(port)/callback")
        }
        guard host == "127.0.0.1" || host == "localhost", components.port == port else {
            return .ignored(status: 400, reason: "the address is not on 127.0.0.1:\(port), the listener of this flow")
        }
        return evaluate(path: components.percentEncodedPath, query: components.percentEncodedQuery ?? "")
    }

    /// True when the `Host` header names this listener (DNS rebinding defence).
    package func acceptsHost(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "127.0.0.1:\(port)" || host == "localhost:\(port)"
    }

    /// Compares without an early exit, so the time taken does not reveal the state.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        ConstantTime.equal(lhs, rhs)
    }
}
