/// The files of a scaffolded provider: a working OAuth 2.0 client-credentials-style provider to
/// adapt, its configuration, factory, registration and tests.
struct ProviderTemplate {
    /// A file to write, relative to the package root.
    struct File {
        let path: String
        let contents: String
    }

    let naming: ProviderNaming
    let host: ScaffoldHost

    var files: [File] {
        let source = "Sources/\(naming.module)/"
        return [
            File(path: source + "\(naming.configuration).swift", contents: configuration),
            File(path: source + "\(naming.provider).swift", contents: provider),
            File(path: source + "\(naming.error).swift", contents: error),
            File(path: source + "\(naming.provider)+Registry.swift", contents: registry),
            File(path: "Tests/\(naming.module)Tests/\(naming.provider)Tests.swift", contents: tests),
        ]
    }

    private var configuration: String {
        """
        import \(host.coreImport)

        /// The settings of a `\(naming.type)` provider, read from its section of providers.json.
        public struct \(naming.configuration): Sendable {
            /// The token endpoint.
            public var tokenURL: String
            /// The client ID.
            public var clientID: String
            /// The client secret, read from its key store each time a token is minted.
            public var clientSecret: KeyReference
            /// How long one exchange may take.
            public var timeout: Duration
            /// How failed exchanges (5xx, 429, connection failures) are repeated.
            public var retry: RetryPolicy

            /// Creates a configuration.
            public init(tokenURL: String, clientID: String, clientSecret: KeyReference, timeout: Duration = .seconds(10), retry: RetryPolicy = .standard) {
                self.tokenURL = tokenURL
                self.clientID = clientID
                self.clientSecret = clientSecret
                self.timeout = timeout
                self.retry = retry
            }
        }

        """
    }

    private var provider: String {
        """
        import Foundation
        import \(host.coreImport)

        /// Mints access tokens from a `\(naming.type)` token endpoint.
        ///
        /// Adapt `httpRequest(with:)` and `token(from:requestedAt:)` to your provider's protocol. ``TokenExchange``
        /// repeats failed attempts, wraps transport failures into ``\(naming.error)`` and logs without
        /// secrets; the cache, the registry and the CLI work unchanged.
        public struct \(naming.provider): AuthProvider {
            /// The provider's name in providers.json.
            public let name: String
            /// Its settings.
            public let configuration: \(naming.configuration)
            private let exchange: TokenExchange<\(naming.error)>
            private let now: @Sendable () -> Date

            /// Creates a provider that reaches its endpoint through `context.transport` and logs to `context.logger`.
            public init(name: String, configuration: \(naming.configuration), context: RegistryContext, now: @escaping @Sendable () -> Date = { Date() }) {
                self.name = name
                self.configuration = configuration
                self.exchange = TokenExchange(provider: name, kind: "\(naming.type)", transport: context.transport, retry: configuration.retry, logger: context.logger)
                self.now = now
            }

            /// One exchange with the token endpoint (repeated on 5xx, 429 and connection failures); see ``AuthProvider``.
            public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
                guard request == TokenRequest() else {
                    throw \(naming.error)(.invalidTokenRequest, "\\(name): sessions, lifetimes and options are not supported; call with TokenRequest()")
                }
                let secret = try await exchange.secret(configuration.clientSecret)
                var started = now()
                return try await exchange.run { _ in
                    started = now()
                    return httpRequest(with: secret)
                } response: { response in
                    try token(from: response, requestedAt: started)
                }
            }

            private func httpRequest(with secret: SecretBytes) -> HTTPTransportRequest {
                let credentials = secret.withUnsafeBytes { "\\(configuration.clientID):" + String(decoding: $0, as: UTF8.self) }
                return HTTPTransportRequest(
                    method: "POST",
                    url: configuration.tokenURL,
                    headers: [
                        ("Content-Type", "application/x-www-form-urlencoded"),
                        ("Accept", "application/json"),
                        ("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()),
                    ],
                    body: Array("grant_type=client_credentials".utf8),
                    timeout: configuration.timeout
                )
            }

            private struct Answer: Decodable {
                let accessToken: String
                let tokenType: String?
                let expiresIn: Int?

                enum CodingKeys: String, CodingKey {
                    case accessToken = "access_token"
                    case tokenType = "token_type"
                    case expiresIn = "expires_in"
                }
            }

            private func token(from response: HTTPTransportResponse, requestedAt started: Date) throws(\(naming.error)) -> AccessToken {
                guard response.status == 200 else {
                    let failed = response.status >= 500 || response.status == 429
                    let fix = failed ? "the server failed: retry later" : "check clientId and clientSecret (\\(configuration.clientSecret))"
                    var error = \(naming.error)(failed ? .serverError : .refused, "\\(name): \\(configuration.tokenURL) answered HTTP \\(response.status); \\(fix)")
                    error.httpStatus = response.status
                    error.retryAfter = RetryAdvice.parseRetryAfter(response.header("Retry-After"))
                    throw error
                }
                guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
                    throw \(naming.error)(.unexpectedResponse, "\\(name): \\(configuration.tokenURL) did not answer with a JSON access_token; is tokenURL the token endpoint?")
                }
                return AccessToken(
                    value: answer.accessToken,
                    type: answer.tokenType ?? "Bearer",
                    expiresAt: started.addingTimeInterval(TimeInterval(answer.expiresIn ?? 3600)),
                    issuedAt: started
                )
            }
        }

        """
    }

    private var error: String {
        """
        import \(host.coreImport)

        /// Why a `\(naming.type)` provider could not mint a token: what failed, why and the fix. Never a secret.
        public struct \(naming.error): TokenExchangeError, CustomStringConvertible {
            /// A stable classification of the failure.
            public struct Code: Hashable, Sendable, CustomStringConvertible {
                private let name: String
                /// The ``TokenRequest`` asks for something this provider cannot do.
                public static let invalidTokenRequest = Code(name: "invalidTokenRequest")
                /// The server refused (wrong credentials, most often).
                public static let refused = Code(name: "refused")
                /// HTTP 5xx or 429: retried, then given up.
                public static let serverError = Code(name: "serverError")
                /// The answer is not a token response (a wrong tokenURL).
                public static let unexpectedResponse = Code(name: "unexpectedResponse")
                /// No answer: connection refused or dropped, timeout, invalid URL.
                public static let unreachable = Code(name: "unreachable")
                /// The client secret could not be read from its key store.
                public static let secretUnavailable = Code(name: "secretUnavailable")
                /// The code's name.
                public var description: String { name }
            }

            /// What kind of failure this is.
            public let code: Code
            /// What failed, why, and the fix; after several attempts, how many were made.
            public var message: String { notingAttempts(reason) }
            private let reason: String
            /// The HTTP status, when the server answered.
            public var httpStatus: Int?
            /// The server's `Retry-After`, when it sent one.
            public var retryAfter: Duration?
            /// How many exchanges were attempted.
            public var attempts = 1
            /// The transport's or key store's error, when there is one.
            public var underlying: (any Error)?

            /// Creates an error.
            public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
                self.code = code
                self.reason = message
                self.underlying = underlying
            }

            /// The message.
            public var description: String { message }

            /// Server errors are retried; everything else is final.
            public var retryAdvice: RetryAdvice? {
                code == .serverError ? RetryAdvice(retryAfter: retryAfter) : nil
            }

            /// The code and the HTTP status, for the failure's log line.
            public var logMetadata: [String: String] {
                ["code": "\\(code)", "status": httpStatus.map(String.init) ?? "-"]
            }

            /// No answer from the token endpoint.
            public static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> \(naming.error) {
                \(naming.error)(.unreachable, "\\(provider): \\(failure.message) (tokenURL \\(url))", underlying: failure)
            }

            /// The client secret's key store failed.
            public static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> \(naming.error) {
                \(naming.error)(.secretUnavailable, "\\(provider): cannot read the client secret \\(reference): \\(failure)", underlying: failure)
            }
        }

        """
    }

    private var registry: String {
        """
        import \(host.coreImport)

        extension ProviderFactory {
            /// `\(naming.type)`: keys `tokenURL`, `clientId`, `clientSecret` (`{"store": …, "name": …}`), `timeout` (seconds),
            /// `maxAttempts`.
            public static let \(naming.factory) = ProviderFactory(type: "\(naming.type)", summary: "\(naming.base) tokens (scaffolded by new-provider)") { section, name in
                let tokenURL = section.url("tokenURL", required: true)
                let clientID = section.identifier("clientId", required: true)
                let clientSecret = section.keyReference("clientSecret", required: true)
                let timeout = section.exchangeTimeout()
                let retry = section.retryPolicy()
                guard let tokenURL, let clientID, let clientSecret else { return nil }
                return \(naming.provider)(
                    name: name,
                    configuration: \(naming.configuration)(tokenURL: tokenURL, clientID: clientID, clientSecret: clientSecret, timeout: timeout, retry: retry),
                    context: section.context
                )
            }
        }

        extension PluginSet {
            /// Registers the `\(naming.type)` provider.
            public mutating func register\(naming.base)() {
                register(ProviderFactory.\(naming.factory))
            }
        }

        """
    }

    private var tests: String {
        """
        import Foundation
        import Sesame
        import Synchronization
        import Testing
        import \(naming.module)

        /// Answers every request with a fixed response and keeps the requests: the endpoint is yours to
        /// replace with a real server (see Sesame's OAuth2 tests for one over loopback).
        private final class ScriptedTransport: HTTPTransport {
            private let requests = Mutex<[HTTPTransportRequest]>([])
            private let status: Int
            private let body: String

            init(status: Int, body: String) {
                self.status = status
                self.body = body
            }

            var sent: [HTTPTransportRequest] { requests.withLock { $0 } }

            func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
                requests.withLock { $0.append(request) }
                return HTTPTransportResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
            }
        }

        @Suite("\(naming.provider)")
        struct \(naming.provider)Tests {
            private static let json = \"\"\"
            { "version": 1,
              "keyStores": { "env": { "type": "env" } },
              "providers": { "example": { "type": "\(naming.type)", "tokenURL": "https://auth.example.com/token",
                "clientId": "client-1", "clientSecret": { "store": "env", "name": "\(naming.secretVariable)" } } } }
            \"\"\"

            private func registry(_ json: String, transport: any HTTPTransport) throws -> Registry {
                var plugins = PluginSet.builtIn
                plugins.register\(naming.base)()
                let context = RegistryContext(transport: transport, environment: { $0 == "\(naming.secretVariable)" ? "s3cret-value" : nil })
                return try Registry.decode(Data(json.utf8), directory: "/", plugins: plugins, context: context)
            }

            @Test("selected from providers.json, it sends the client's credentials and returns the token")
            func mintsFromJSON() async throws {
                let transport = ScriptedTransport(status: 200, body: #"{"access_token":"tok-123","token_type":"Bearer","expires_in":600}"#)
                let registry = try registry(Self.json, transport: transport)
                let token = try await registry.provider(named: "example").provider.fetchToken(TokenRequest())
                #expect(token.value == "tok-123")
                #expect(token.lifetime == 600)
                let request = try #require(transport.sent.first)
                #expect(request.url == "https://auth.example.com/token")
                let authorization = request.headers.first { $0.name == "Authorization" }?.value
                #expect(authorization == "Basic " + Data("client-1:s3cret-value".utf8).base64EncodedString())
            }

            @Test("a misspelt key is reported with its JSON path and a suggestion")
            func misspeltKey() throws {
                let misspelt = Self.json.replacingOccurrences(of: "\\"tokenURL\\"", with: "\\"tokenUrl\\"")
                let error = try #require(throws: RegistryError.self) { try registry(misspelt, transport: ScriptedTransport(status: 200, body: "{}")) }
                #expect(error.issues.contains { $0.description.contains("providers.example.tokenUrl") && $0.message.contains("did you mean \\"tokenURL\\"") })
            }

            @Test("a refused exchange names the status and never the secret")
            func refused() async throws {
                let registry = try registry(Self.json, transport: ScriptedTransport(status: 401, body: #"{"error":"invalid_client"}"#))
                let error = try await #require(throws: \(naming.error).self) {
                    try await registry.provider(named: "example").provider.fetchToken(TokenRequest())
                }
                #expect(error.code == .refused)
                #expect(error.description.contains("HTTP 401"))
                #expect(!error.description.contains("s3cret-value"))
            }
        }

        """
    }
}
