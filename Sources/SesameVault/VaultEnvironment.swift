#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// Reads environment variables for the vault: plain values (file paths, flags) and the passphrase
/// variable, which goes straight into guarded memory.
package struct VaultEnvironment: Sendable {
    /// A variable's value, or `nil` when unset.
    package let value: @Sendable (String) -> String?
    /// A variable's bytes in guarded memory, or `nil` when unset.
    package let secret: @Sendable (String) -> SecretBytes?

    /// Creates an environment from two lookups.
    package init(value: @escaping @Sendable (String) -> String?, secret: @escaping @Sendable (String) -> SecretBytes?) {
        self.value = value
        self.secret = secret
    }

    /// An environment over one lookup function (e.g. a registry's `RegistryContext.environment`).
    /// The passphrase passes through a `String` here; ``process`` avoids that.
    package init(lookup: @escaping @Sendable (String) -> String?) {
        self.init(value: lookup, secret: { lookup($0).map { SecretBytes(utf8: $0) } })
    }

    /// The process environment via `getenv`: the passphrase is copied from the environment block
    /// into guarded memory without an intermediate `String`. The variable is not unset (`unsetenv` is
    /// not thread-safe), so child processes inherit it.
    package static let process = VaultEnvironment(
        value: { name in getenv(name).map { String(cString: $0) } },
        secret: { name in
            guard let pointer = getenv(name) else { return nil }
            let length = strlen(pointer)
            return SecretBytes(count: length) { buffer in
                guard length > 0 else { return }
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: length))
            }
        }
    )

    /// A fixed set of variables (tests).
    package static func fixed(_ variables: [String: String]) -> VaultEnvironment {
        VaultEnvironment(lookup: { variables[$0] })
    }
}
