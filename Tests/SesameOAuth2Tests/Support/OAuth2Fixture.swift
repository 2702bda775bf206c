import Foundation
import Logging
import Sesame
import SesameTestSupport
import Synchronization

/// A registered client and the provider that uses it, wired to a token server over loopback.
enum OAuth2Fixture {
    static let clientID = "reports-service"
    /// Has every character that form encoding must escape in HTTP Basic credentials and bodies.
    static let secret = "s3cr+t:with%20odd chars/=&ü-\(UUID().uuidString.prefix(8))"

    static func client(
        id: String = clientID,
        secret: String = secret,
        authMethods: Set<String> = ["client_secret_basic", "client_secret_post"],
        grantTypes: Set<String> = ["client_credentials"],
        allowedScopes: Set<String> = ["reports.read", "reports.write", "admin"],
        defaultScopes: [String] = [],
        allowedAudiences: Set<String> = ["https://api.example.com"],
        allowedResources: Set<String> = ["https://reports.example.com/", "https://files.example.com/"],
        requiresAudience: Bool = false
    ) -> OAuth2TestClient {
        OAuth2TestClient(
            id: id, secret: secret, authMethods: authMethods, grantTypes: grantTypes, allowedScopes: allowedScopes,
            defaultScopes: defaultScopes, allowedAudiences: allowedAudiences, allowedResources: allowedResources,
            requiresAudience: requiresAudience
        )
    }

    static func server(_ clients: [OAuth2TestClient] = [client()], tokenLifetime: Int? = 3600, faults: OAuth2TokenServerFaults = .init()) -> OAuth2TokenServerConfiguration {
        OAuth2TokenServerConfiguration(clients: clients, tokenLifetime: tokenLifetime, faults: faults)
    }

    /// A real environment key store over a fixed environment.
    static func secretReference(_ secret: String = secret) -> KeyReference {
        let store = EnvironmentKeyStore(environment: { $0 == "CLIENT_SECRET" ? secret : nil })
        return KeyReference(storeName: "env", name: "CLIENT_SECRET", store: store)
    }

    static func provider(
        tokenURL: String,
        clientID: String = clientID,
        secret: KeyReference = secretReference(),
        authMethod: OAuth2ClientAuthMethod = .clientSecretBasic,
        scopes: [String] = ["reports.read"],
        audience: String? = nil,
        resources: [String] = [],
        retry: RetryPolicy = RetryPolicy(sleep: { _ in }),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() },
        name: String = "internal-api"
    ) -> OAuth2ClientCredentialsProvider {
        OAuth2ClientCredentialsProvider(
            name: name,
            configuration: OAuth2ClientCredentialsConfiguration(
                tokenURL: tokenURL,
                clientID: clientID,
                clientSecret: secret,
                authMethod: authMethod,
                scopes: scopes,
                audience: audience,
                resources: resources,
                timeout: .seconds(60),
                retry: retry
            ),
            logger: logger,
            now: now
        )
    }
}

/// Records the waits a ``RetryPolicy`` asks for, without sleeping.
final class WaitRecorder: Sendable {
    private let storage = Mutex<[Duration]>([])
    var waits: [Duration] { storage.withLock { $0 } }

    func policy(maxAttempts: Int = 3) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, sleep: { duration in self.storage.withLock { $0.append(duration) } })
    }
}

extension OAuth2Fixture {
    /// `http://127.0.0.1:PORT`, as messages name the server.
    static func endpoint(_ server: RunningOAuth2TokenServer) -> String {
        "http://\(server.host):\(server.port)"
    }

    /// A token URL on a loopback port nothing listens on: a server's port, after it stopped.
    static func closedPortURL() async throws -> String {
        try await withOAuth2TokenServer(server()) { $0.tokenURL }
    }
}
