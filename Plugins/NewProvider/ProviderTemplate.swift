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

            /// Creates a configuration.
            public init(tokenURL: String, clientID: String, clientSecret: KeyReference, timeout: Duration = .seconds(10)) {
                self.tokenURL = tokenURL
                self.clientID = clientID
                self.clientSecret = clientSecret
                self.timeout = timeout
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
        /// Adapt `fetchToken` to your provider's protocol; the cache, the registry and the CLI work unchanged.
        public struct \(naming.provider): AuthProvider {
            /// The provider's name in providers.json.
            public let name: String
            /// Its settings.
            public let configuration: \(naming.configuration)
            private let transport: any HTTPTransport
            private let now: @Sendable () -> Date

            /// Creates a provider.
            public init(
                name: String,
                configuration: \(naming.configuration),
                transport: any HTTPTransport = AsyncHTTPClientTransport(),
                now: @escaping @Sendable () -> Date = { Date() }
            ) {
                self.name = name
                self.configuration = configuration
                self.transport = transport
                self.now = now
            }

            /// One exchange with the token endpoint; see ``AuthProvider``.
            public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
                guard request.sessionName == nil, request.lifetime == nil, request.options.isEmpty else {
                    throw \(naming.error)("\\(name): sessions, lifetimes and options are not supported; call with TokenRequest()")
                }
                let secret = try await configuration.clientSecret.read()
                let credentials = secret.withUnsafeBytes { "\\(configuration.clientID):" + String(decoding: $0, as: UTF8.self) }
                let started = now()
                let response = try await transport.send(HTTPTransportRequest(
                    method: "POST",
                    url: configuration.tokenURL,
                    headers: [
                        ("Content-Type", "application/x-www-form-urlencoded"),
                        ("Accept", "application/json"),
                        ("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()),
                    ],
                    body: Array("grant_type=client_credentials".utf8),
                    timeout: configuration.timeout
                ))
                guard response.status == 200 else {
                    throw \(naming.error)("\\(name): \\(configuration.tokenURL) answered HTTP \\(response.status); check clientId and clientSecret (\\(configuration.clientSecret))")
                }
                struct Answer: Decodable {
                    let access_token: String
                    let token_type: String?
                    let expires_in: Int?
                }
                guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
                    throw \(naming.error)("\\(name): \\(configuration.tokenURL) did not answer with a JSON access_token; is tokenURL the token endpoint?")
                }
                return AccessToken(
                    value: answer.access_token,
                    type: answer.token_type ?? "Bearer",
                    expiresAt: started.addingTimeInterval(TimeInterval(answer.expires_in ?? 3600)),
                    issuedAt: started
                )
            }
        }

        """
    }

    private var error: String {
        """
        /// Why a `\(naming.type)` provider could not mint a token: what failed, why and the fix. Never a secret.
        public struct \(naming.error): Error, CustomStringConvertible {
            /// The message.
            public let description: String

            /// Creates an error.
            public init(_ description: String) {
                self.description = description
            }
        }

        """
    }

    private var registry: String {
        """
        import \(host.coreImport)

        extension ProviderFactory {
            /// `\(naming.type)`: keys `tokenURL`, `clientId`, `clientSecret` (`{"store": …, "name": …}`), `timeout` (seconds).
            public static let \(naming.factory) = ProviderFactory(type: "\(naming.type)", summary: "\(naming.base) tokens (scaffolded by new-provider)") { section, name in
                let tokenURL = section.url("tokenURL", required: true)
                let clientID = section.identifier("clientId", required: true)
                let clientSecret = section.keyReference("clientSecret", required: true)
                let timeout = section.integer("timeout", in: 1...300)
                guard let tokenURL, let clientID, let clientSecret else { return nil }
                return \(naming.provider)(
                    name: name,
                    configuration: \(naming.configuration)(tokenURL: tokenURL, clientID: clientID, clientSecret: clientSecret, timeout: .seconds(timeout ?? 10)),
                    transport: section.context.transport
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
                #expect(error.description.contains("HTTP 401"))
                #expect(!error.description.contains("s3cret-value"))
            }
        }

        """
    }
}
