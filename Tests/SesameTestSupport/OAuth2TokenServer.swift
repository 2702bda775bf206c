import Foundation
import Logging
import Synchronization

/// A small OAuth 2.0 authorization server's token endpoint, following RFC 6749 (§2.3.1, §4.4, §5)
/// and RFC 8707, for tests: registered clients, every check a real server makes, §5.1 and §5.2
/// answers, request records and injectable faults.
///
/// Serve it with ``run(host:port:onListening:)`` or, in tests, ``withOAuth2TokenServer(_:logger:isolation:_:)``.
/// It is independent of Sesame's client code (its own form decoding and Basic parsing), so that a
/// mistake in the client shows up as a refusal.
public final class OAuth2TokenServer: Sendable {
    /// What the server accepts.
    public let configuration: OAuth2TokenServerConfiguration
    let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var stats = OAuth2TokenServerStats()
        var received: [ReceivedTokenRequest] = []
        var faults: OAuth2TokenServerFaults
        var issued: [String: IssuedGrant] = [:]
    }

    /// Creates a server; nothing is served until ``run(host:port:onListening:)``.
    public init(configuration: OAuth2TokenServerConfiguration, logger: Logger = Logger(label: "OAuth2TokenServer", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(faults: configuration.faults))
    }

    /// A copy of the counters.
    public var stats: OAuth2TokenServerStats { state.withLock { $0.stats } }

    /// Every token request received, in order (the client secret left out).
    public var received: [ReceivedTokenRequest] { state.withLock { $0.received } }

    /// Replaces the faults still to inject.
    public func setFaults(_ faults: OAuth2TokenServerFaults) {
        state.withLock { $0.faults = faults }
    }

    /// What the server granted with `token`, or `nil` when it never issued it.
    public func grant(forToken token: String) -> IssuedGrant? {
        state.withLock { $0.issued[token] }
    }

    // MARK: - State used while serving

    /// Takes one `dropFirst` unit; `true` when this request's connection must be closed unanswered.
    func takeDrop() -> Bool {
        state.withLock { state in
            guard state.faults.dropFirst > 0 else { return false }
            state.faults.dropFirst -= 1
            state.stats.tokenRequests += 1
            state.stats.dropped += 1
            return true
        }
    }

    /// Records a request and takes the next scripted answer, if any.
    func record(_ request: ReceivedTokenRequest) -> OAuth2ScriptedAnswer? {
        state.withLock { state in
            state.stats.tokenRequests += 1
            state.received.append(request)
            guard !state.faults.answers.isEmpty else { return nil }
            state.stats.scriptedAnswers += 1
            return state.faults.answers.removeFirst()
        }
    }

    func countRejection(_ code: String) {
        state.withLock { $0.stats.rejections[code, default: 0] += 1 }
    }

    func recordIssued(_ token: String, grant: IssuedGrant) {
        state.withLock { state in
            state.stats.tokensIssued += 1
            state.issued[token] = grant
        }
    }
}

/// Counters of an ``OAuth2TokenServer``.
public struct OAuth2TokenServerStats: Sendable, Equatable {
    /// Requests to the token endpoint, dropped ones included.
    public var tokenRequests = 0
    /// Tokens issued.
    public var tokensIssued = 0
    /// Connections closed without an answer (fault `dropFirst`).
    public var dropped = 0
    /// Scripted answers given (fault `answers`).
    public var scriptedAnswers = 0
    /// Refusals the server's own checks produced, by RFC 6749 error code.
    public var rejections: [String: Int] = [:]
}

/// What a token was issued for.
public struct IssuedGrant: Sendable, Equatable {
    /// The client it was issued to.
    public let clientID: String
    /// The scopes granted.
    public let scopes: [String]
    /// The audience requested, if any.
    public let audience: String?
    /// The resources requested.
    public let resources: [String]
}

/// A token request as the server received it; the client secret is left out.
public struct ReceivedTokenRequest: Sendable {
    /// The `Content-Type` header.
    public let contentType: String?
    /// The `Accept` header.
    public let accept: String?
    /// How the client authenticated: `client_secret_basic`, `client_secret_post`, `both` or `none`.
    public let authMethod: String
    /// The client ID presented (from Basic credentials or the body).
    public let clientID: String?
    /// The decoded form parameters in order, without `client_secret`; empty when the body was not a form.
    public let parameters: [(name: String, value: String)]

    /// Every value of parameter `name`.
    public func values(_ name: String) -> [String] {
        parameters.filter { $0.name == name }.map(\.value)
    }

    /// `grant_type`.
    public var grantType: String? { values("grant_type").first }
    /// `scope` as sent.
    public var scope: String? { values("scope").first }
    /// The scopes of `scope`.
    public var scopes: [String] { scope.map { $0.split(separator: " ").map(String.init) } ?? [] }
    /// `audience`.
    public var audience: String? { values("audience").first }
    /// Every `resource`.
    public var resources: [String] { values("resource") }
}
