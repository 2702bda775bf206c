import CoreMetrics
import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Tracing

/// A Coze app registered with an emulator and a `providers.json` that points the `coze` provider at
/// it, so that tests go registry → broker → authorised call over loopback, as a server does.
struct CozeAPIFixture: Sendable {
    let emulator: RunningCozeEmulator
    let broker: TokenBroker
    let folder: TemporaryFolder

    /// The protected API the emulator serves.
    var workspacesURL: String { emulator.baseURL + "/v1/workspaces" }

    /// Runs `body` with an emulator and a broker over a registry file naming it.
    ///
    /// - Parameters:
    ///   - apiRefusalStatus: the HTTP status of the emulator's `{"code": 4100}` answers.
    ///   - tokenLifetime: seconds each token is issued for.
    ///   - metrics: where the broker's metrics go.
    ///   - tracer: where the providers' exchange spans go.
    static func run<T: Sendable>(
        apiRefusalStatus: Int = 401,
        tokenLifetime: Int = 900,
        metrics: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil,
        _ body: (CozeAPIFixture) async throws -> T
    ) async throws -> T {
        let key = try await TestKeys.shared()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [EmulatedApp(appID: appID, keys: [EmulatedKey(publicKey: key.publicKey)])]
        configuration.apiRefusalStatus = apiRefusalStatus
        return try await withCozeEmulator(configuration) { emulator in
            let folder = try TemporaryFolder()
            try folder.write(try key.pem(), to: "app.pem")
            let registry = try folder.write("""
            { "version": 1,
              "keyStores": { "files": { "type": "pem-file", "directory": "." } },
              "providers": { "coze": { "type": "coze-jwt", "region": "cn", "baseURL": "\(emulator.baseURL)",
                "appId": "\(appID)", "keyId": "\(key.publicKey.thumbprint)", "privateKey": { "store": "files", "name": "app.pem" },
                "tokenLifetime": \(tokenLifetime), "maxAttempts": 1, "timeout": 60 } } }
            """, to: "providers.json")
            var context = RegistryContext()
            context.tracer = tracer
            let broker = TokenBroker(registry: try Registry.load(file: registry, context: context), metrics: metrics)
            let result: Result<T, any Error>
            do {
                result = .success(try await body(CozeAPIFixture(emulator: emulator, broker: broker, folder: folder)))
            } catch {
                result = .failure(error)
            }
            await broker.shutdown()
            return try result.get()
        }
    }

    static let appID = "1133483935040"
}

