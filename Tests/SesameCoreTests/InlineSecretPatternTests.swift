import Foundation
import SesameCore
import Testing

@Suite("Registry: plugins contribute the shapes of their secrets")
struct InlineSecretPatternTests {
    private static let json = #"{"version": 1, "providers": {"p": {"type": "static", "appId": "1", "label": "acme_live_0123456789abcdefghijklmnop"}}}"#

    private static func plugins(with patterns: [InlineSecretPattern]) -> PluginSet {
        var plugins = PluginSet()
        for (type, factory) in TestPlugins.set().providers where type == "static" { plugins.register(factory) }
        for pattern in patterns { plugins.register(pattern) }
        return plugins
    }

    @Test("the core hard-codes no vendor's token: without a pattern, a token-like value is accepted")
    func nothingVendorSpecificInTheCore() throws {
        let coze = #"{"version": 1, "providers": {"p": {"type": "static", "appId": "1", "label": "czs_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"}}}"#
        let registry = try TestPlugins.decode(coze, plugins: Self.plugins(with: []))
        #expect((registry.providers["p"]?.provider as? StaticProvider)?.settings.label?.hasPrefix("czs_") == true)
        #expect(Self.plugins(with: []).inlineSecretPatterns.isEmpty)
    }

    @Test("a registered pattern is refused at its path with its kind, and never repeated")
    func registeredPatternIsRefused() throws {
        let pattern = InlineSecretPattern.prefixed(["acme_live_"], minimumLength: 20, kind: "an Acme live key")
        let error = try #require(throws: RegistryError.self) { try TestPlugins.decode(Self.json, plugins: Self.plugins(with: [pattern])) }
        let issue = try #require(error.issues.first)
        #expect(issue.path.description == "providers.p.label")
        #expect(issue.message.hasPrefix("looks like an Acme live key; the registry holds references only"))
        #expect(!error.description.contains("0123456789abcdef"))
    }

    @Test("a value matching a pattern is not quoted back in other messages either")
    func registeredPatternIsNotQuoted() throws {
        let pattern = InlineSecretPattern(kind: "an Acme live key") { $0.hasPrefix("acme_live_") }
        let json = #"{"version": 1, "providers": {"p": {"type": "acme_live_0123456789", "appId": "1"}}}"#
        let error = try #require(throws: RegistryError.self) { try TestPlugins.decode(json, plugins: Self.plugins(with: [pattern])) }
        #expect(error.description.contains("(a value that looks like a secret, not shown)"))
        #expect(!error.description.contains("0123456789"))
    }

    @Test("prefixed(_:minimumLength:kind:) needs both the prefix and the length")
    func prefixedPattern() {
        let pattern = InlineSecretPattern.prefixed(["sk_", "rk_"], minimumLength: 10, kind: "a key")
        #expect(pattern.matches("sk_0123456"))
        #expect(pattern.matches("rk_0123456789"))
        #expect(!pattern.matches("sk_012345"))
        #expect(!pattern.matches("xk_0123456789"))
    }
}
