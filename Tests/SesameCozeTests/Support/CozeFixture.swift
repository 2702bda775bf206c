import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Synchronization

/// A Coze app for tests: a real RSA key, its files in a temporary folder, and the pieces to register it
/// with the emulator and with a provider.
struct TestApp: Sendable {
    let appID: String
    let key: RSAPrivateKey
    var keyID: String { key.publicKey.thumbprint }

    init(appID: String = "1133483935040", key: RSAPrivateKey) {
        self.appID = appID
        self.key = key
    }

    /// An app with the first shared key.
    static func make(appID: String = "1133483935040", keyIndex: Int = 0) async throws -> TestApp {
        TestApp(appID: appID, key: try await TestKeys.shared(keyIndex))
    }

    func emulated(kind: EmulatedApp.Kind = .normal, enabled: Bool = true) -> EmulatedApp {
        EmulatedApp(appID: appID, kind: kind, keys: [EmulatedKey(publicKey: key.publicKey)], enabled: enabled)
    }
}

/// Records every request and response passing through the real transport.
final class RecordingTransport: HTTPTransport {
    struct Exchange: Sendable {
        let request: HTTPTransportRequest
        let status: Int?
        var error: String? = nil
    }

    private let base: any HTTPTransport
    private let log = Mutex<[Exchange]>([])

    init(_ base: any HTTPTransport = AsyncHTTPClientTransport()) {
        self.base = base
    }

    var exchanges: [Exchange] { log.withLock { $0 } }

    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        do {
            let response = try await base.send(request)
            log.withLock { $0.append(Exchange(request: request, status: response.status)) }
            return response
        } catch {
            log.withLock { $0.append(Exchange(request: request, status: nil, error: "\(error)")) }
            throw error
        }
    }

    /// The JWTs sent, in order.
    var jwts: [String] {
        exchanges.compactMap { exchange in
            exchange.request.headers.first { $0.name == "Authorization" }.map { String($0.value.dropFirst("Bearer ".count)) }
        }
    }

    /// The decoded claims of every JWT sent.
    func claims() throws -> [CozeJWTClaims] {
        try jwts.map { try JSONDecoder().decode(CozeJWTClaims.self, from: Data(JWS.parse($0).payload)) }
    }

    /// The JSON bodies sent.
    func bodies() throws -> [[String: Any]] {
        try exchanges.map { try JSONSerialization.jsonObject(with: Data($0.request.body ?? [])) as? [String: Any] ?? [:] }
    }
}

/// A key store holding secrets in memory, for tests that are not about storage.
struct MemoryKeyStore: KeyStore {
    let secrets: [String: SecretBytes]

    func secret(named name: String) async throws -> SecretBytes {
        guard let secret = secrets[name] else { throw KeyStoreError(.notFound, "no \(name) in memory store") }
        return secret
    }
}

/// Builds providers pointed at an emulator.
enum ProviderFixture {
    static func provider(
        for app: TestApp,
        baseURL: String,
        region: CozeRegion = .cn,
        audience: String? = nil,
        tokenPath: CozeTokenPath = .standard,
        scope: CozeScope? = nil,
        keyID: String? = nil,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retry: RetryPolicy = RetryPolicy(sleep: { _ in }),
        name: String = "coze-test"
    ) throws -> CozeJWTProvider {
        let store = MemoryKeyStore(secrets: ["key": try app.key.pem()])
        return CozeJWTProvider(
            name: name,
            configuration: CozeJWTConfiguration(
                appID: app.appID,
                keyID: keyID ?? app.keyID,
                privateKey: KeyReference(storeName: "memory", name: "key", store: store),
                region: region,
                baseURL: baseURL,
                audience: audience,
                tokenPath: tokenPath,
                scope: scope,
                timeout: .seconds(60),
                retry: retry
            ),
            transport: transport
        )
    }
}
