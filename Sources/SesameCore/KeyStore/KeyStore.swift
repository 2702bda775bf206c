/// Reads secret key material by name: PEM private keys, client secrets.
///
/// Contract for conformers:
/// - Safe to call concurrently.
/// - Never log or throw the material itself; errors name the store and the entry, and say how to fix it.
/// - Throw ``KeyStoreError`` with code `.notFound` when the entry does not exist, so that callers can
///   tell a missing key from an unreadable one.
public protocol KeyStore: Sendable {
    /// The secret stored under `name`.
    func secret(named name: String) async throws -> SecretBytes

    /// Why `name` can never be an entry of this store (for example a file name that would leave the
    /// store's folder), or `nil` when it can. The registry asks this for every reference it reads, so
    /// a bad name is reported at its JSON path before anything is read; the store still refuses it when
    /// used. The default accepts every name.
    func entryNameProblem(_ name: String) -> String?
}

extension KeyStore {
    /// Accepts every name.
    public func entryNameProblem(_ name: String) -> String? { nil }
}

/// A key store that can also add, replace, remove and list entries.
public protocol WritableKeyStore: KeyStore {
    /// Stores `secret` under `name`. Throws when the entry exists and `replace` is `false`.
    func store(_ secret: SecretBytes, named name: String, replace: Bool) async throws
    /// Removes the entry `name`. Throws `.notFound` when it does not exist.
    func remove(named name: String) async throws
    /// The names of all entries, sorted.
    func names() async throws -> [String]
}
