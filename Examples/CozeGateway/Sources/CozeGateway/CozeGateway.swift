import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Sesame
import ServiceLifecycle

/// `GET /workspaces` answers with Coze's `GET /v1/workspaces` for the provider named by
/// `$COZE_PROVIDER` (default `coze-cn`) in the registry (`$SESAME_CONFIG`, else `./providers.json`).
/// `GET /workspaces?user=ID` asks with a token for that end user (`session_name`).
@main
struct CozeGateway {
    static func main() async throws {
        let logger = Logger(label: "coze-gateway")
        let environment = ProcessInfo.processInfo.environment
        let providerName = environment["COZE_PROVIDER"] ?? "coze-cn"

        // 1. The registry and one broker for the whole process.
        let registry = try Registry.load(file: RegistryLocation.resolve(explicit: nil))
        let broker = TokenBroker(registry: registry, logger: logger)
        guard let coze = try registry.provider(named: providerName).provider as? CozeJWTProvider else {
            throw GatewayError("\(providerName) is not a coze-jwt provider")
        }
        let apiBase = coze.configuration.baseURL

        // 2. Calls to Coze carry the provider's token; a refused token is replaced once.
        let client = try AuthorizedHTTPClient(broker: broker, provider: providerName, logger: logger)

        // 3. The routes.
        let router = Router()
        router.get("/workspaces") { request, _ -> Response in
            let tokenRequest = TokenRequest(sessionName: request.uri.queryParameters["user"].map(String.init))
            let answer = try await client.execute(HTTPClientRequest(url: apiBase + "/v1/workspaces"), tokenRequest: tokenRequest, timeout: .seconds(30))
            var headers = HTTPFields()
            headers[.contentType] = answer.headers.first(name: "Content-Type") ?? "application/json"
            let body = try await answer.body.collect(upTo: 1 << 20)
            return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: .init(byteBuffer: body))
        }
        let port = environment["PORT"].flatMap(Int.init) ?? 8080
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)

        // 4. Tokens kept warm beside the server; both stop on SIGTERM or Ctrl-C.
        let group = ServiceGroup(
            services: [TokenRefreshService(broker: broker, providers: [providerName], logger: logger), app],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
        await broker.shutdown()
    }
}

/// A start-up problem, said in one line.
struct GatewayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
