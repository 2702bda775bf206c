import Foundation
import Sesame

/// A key store written outside Sesame: reads the variable `prefix + name`.
struct PrefixedEnvironmentStore: KeyStore {
    let prefix: String
    let environment: @Sendable (String) -> String?

    func secret(named name: String) async throws -> SecretBytes {
        guard let value = environment(prefix + name), !value.isEmpty else {
            throw KeyStoreError(.notFound, "environment variable \(prefix + name) is not set; export it")
        }
        return SecretBytes(utf8: value)
    }

    /// `prefixed-env`: `{"type": "prefixed-env", "prefix": "APP_"}`.
    static let factory = KeyStoreFactory(type: "prefixed-env", summary: "variables named PREFIX + entry") { section, _ in
        guard let prefix = section.string("prefix", required: true) else { return nil }
        return PrefixedEnvironmentStore(prefix: prefix, environment: section.context.environment)
    }
}
