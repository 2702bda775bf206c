import Foundation
import Sesame

// Registers providers and a key store from outside Sesame, selects them from providers.json, and
// gets a token through the broker with a name the ValidateProviders plugin generated.
var plugins = PluginSet.builtIn
plugins.register(StaticTokenProvider.factory)
plugins.register(APIKeyProvider.factory)
plugins.register(PrefixedEnvironmentStore.factory)

let file = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("providers.json").path
let registry = try Registry.load(file: file, plugins: plugins)
let broker = TokenBroker(registry: registry)
let token = try await broker.token(for: ProviderName.staticDemo)
await broker.shutdown()

print("providers: \(ProviderName.all.map(\.rawValue).joined(separator: ", "))")
print("\(ProviderName.staticDemo): \(token.value.count)-character token, type \(token.type), coze provider \(try registry.provider(.cozeCN).type)")

// A provider that calls a token endpoint, here an in-process one that fails once before it answers.
let endpoint = LocalTokenEndpoint(expectedKey: ProcessInfo.processInfo.environment["FIXTURE_DEMO_TOKEN"] ?? "")
let apiKeyJSON = #"{"version": 1, "keyStores": {"prefixed": {"type": "prefixed-env", "prefix": "FIXTURE_"}}, "providers": {"api-key-demo": {"type": "api-key", "tokenURL": "https://auth.example.com/token", "apiKey": {"store": "prefixed", "name": "DEMO_TOKEN"}}}}"#
let apiKeyRegistry = try Registry.decode(Data(apiKeyJSON.utf8), directory: ".", plugins: plugins, context: RegistryContext(transport: endpoint))
let exchanged = try await apiKeyRegistry.provider(named: "api-key-demo").provider.fetchToken(TokenRequest())
print("api-key-demo: a \(Int(exchanged.lifetime))-second token after \(await endpoint.requests) requests")
