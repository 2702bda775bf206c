import Foundation
import Sesame

// Registers a provider and a key store from outside Sesame, selects them from providers.json, and
// gets a token through the broker with a name the ValidateProviders plugin generated.
var plugins = PluginSet.builtIn
plugins.register(StaticTokenProvider.factory)
plugins.register(PrefixedEnvironmentStore.factory)

let file = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("providers.json").path
let registry = try Registry.load(file: file, plugins: plugins)
let broker = TokenBroker(registry: registry)
let token = try await broker.token(for: ProviderName.staticDemo)
await broker.shutdown()

print("providers: \(ProviderName.all.map(\.rawValue).joined(separator: ", "))")
print("\(ProviderName.staticDemo): \(token.value.count)-character token, type \(token.type), coze provider \(try registry.provider(.cozeCN).type)")
