import Foundation
import Sesame
import Synchronization

/// The environment variables the registry's key stores read while sesame got its token: private keys
/// (`env` store), passphrases (`passphraseEnv`). `sesame exec` leaves them out of the command's
/// environment: the command gets the token, not what it was made from.
final class SecretVariables: Sendable {
    /// Variables the registry reads that locate things rather than hold secrets (the `file` token
    /// cache's folder): the command keeps them.
    static let locations: Set<String> = ["XDG_CACHE_HOME", "HOME"]

    private let names = Mutex<Set<String>>([])

    /// A registry context whose environment lookups are recorded here.
    func recording(_ context: RegistryContext) -> RegistryContext {
        var recorded = context
        let lookup = context.environment
        recorded.environment = { [self] name in
            if !Self.locations.contains(name) { names.withLock { _ = $0.insert(name) } }
            return lookup(name)
        }
        return recorded
    }

    /// The variables read so far.
    var read: Set<String> { names.withLock { $0 } }

    /// `environment` without the variables read.
    func removed(from environment: [String: String]) -> [String: String] {
        let read = self.read
        return environment.filter { !read.contains($0.key) }
    }
}
