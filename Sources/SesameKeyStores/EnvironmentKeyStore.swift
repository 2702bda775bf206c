import Foundation
import SesameCore

/// Reads secrets from environment variables: `{"type": "env"}`; the entry name is the variable.
///
/// A PEM may be given as is, with literal `\n` sequences instead of line breaks, base64-encoded, or
/// wrapped in quotes: the forms CI settings produce. Values without a PEM (client secrets) are
/// returned without surrounding whitespace and quotes.
public struct EnvironmentKeyStore: KeyStore, CustomStringConvertible {
    private let environment: @Sendable (String) -> String?

    /// Creates a store over `environment` (default: the process environment).
    public init(environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }) {
        self.environment = environment
    }

    /// The value of variable `name`, normalised to PEM when it holds one.
    public func secret(named name: String) async throws -> SecretBytes {
        if let problem = entryNameProblem(name) { throw KeyStoreError(.notFound, problem) }
        guard let value = environment(name) else {
            throw KeyStoreError(.notFound, "environment variable \(name) is not set; export it with the private key PEM (plain, base64-encoded, or with \\n escapes)")
        }
        // The cap of key files: a value this long is no key or client secret, whatever it holds.
        guard value.utf8.count <= SecretFile.maxSize else {
            throw KeyStoreError(.invalidFormat, "environment variable \(name) holds \(value.utf8.count) bytes; at most \(SecretFile.maxSize) are accepted (a 4096-bit PEM key is about 3.3 KB); is this the right variable?")
        }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw KeyStoreError(.notFound, "environment variable \(name) is empty; set it to the private key PEM")
        }
        return PEMDecoding.normalize(SecretBytes(utf8: value))
    }

    /// Why `name` can never be an environment variable: it is empty or holds `=` or a NUL byte.
    public func entryNameProblem(_ name: String) -> String? {
        guard name.isEmpty || name.contains("=") || name.utf8.contains(0) else { return nil }
        return "no environment variable can be named \(name.debugDescription); fix privateKey.name"
    }

    /// `process environment`.
    public var description: String { "process environment" }
}
