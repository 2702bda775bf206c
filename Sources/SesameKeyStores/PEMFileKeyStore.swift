import Foundation
import SesameCore
import SesameJOSE

/// Reads PEM private keys from files: `{"type": "pem-file", "directory": "keys"}`.
///
/// With `directory`, an entry name is a file name in that folder; without it, the name is a path
/// relative to the registry's folder. Files readable by group or others are refused (with the
/// `chmod` that fixes it) unless `allowInsecurePermissions` is set. Encrypted PKCS#8 (and legacy
/// encrypted PKCS#1) keys are decrypted with the passphrase from `passphraseEnv` or
/// `passphraseFile`, and handed on as unencrypted PKCS#8 PEM in guarded memory.
public struct PEMFileKeyStore: KeyStore, CustomStringConvertible {
    /// The folder holding the key files, or `nil` to resolve names against ``baseDirectory``.
    public let directory: String?
    /// The folder names are resolved against when ``directory`` is `nil` (the registry's folder).
    public let baseDirectory: String
    /// Accept key files that group or others can read.
    public let allowInsecurePermissions: Bool
    private let passphrase: PassphraseSource?
    private let environment: @Sendable (String) -> String?
    private let homeDirectory: String

    /// Creates a store over `directory`, or over paths relative to `baseDirectory`. A relative
    /// `directory` or `passphraseFile` resolves against `baseDirectory`; `~` expands to `homeDirectory`.
    ///
    /// - Parameters:
    ///   - passphraseVariable: the environment variable holding the passphrase of encrypted keys.
    ///   - passphraseFile: a file (mode 0600) holding that passphrase; exclusive with `passphraseVariable`.
    public init(
        directory: String?,
        baseDirectory: String,
        passphraseVariable: String? = nil,
        passphraseFile: String? = nil,
        allowInsecurePermissions: Bool = false,
        environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
        homeDirectory: String = NSHomeDirectory()
    ) {
        precondition(passphraseVariable == nil || passphraseFile == nil, "set passphraseVariable or passphraseFile, not both")
        self.directory = directory.map { PathResolver.resolve($0, relativeTo: baseDirectory, home: homeDirectory) }
        self.baseDirectory = baseDirectory
        self.allowInsecurePermissions = allowInsecurePermissions
        self.passphrase = passphraseVariable.map { .environment($0) }
            ?? passphraseFile.map { .file(PathResolver.resolve($0, relativeTo: baseDirectory, home: homeDirectory)) }
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    init(
        directory: String?,
        baseDirectory: String,
        passphrase: PassphraseSource?,
        allowInsecurePermissions: Bool,
        environment: @escaping @Sendable (String) -> String?,
        homeDirectory: String
    ) {
        self.homeDirectory = homeDirectory
        self.directory = directory
        self.baseDirectory = baseDirectory
        self.passphrase = passphrase
        self.allowInsecurePermissions = allowInsecurePermissions
        self.environment = environment
    }

    /// The file an entry name refers to.
    public func path(of name: String) -> String {
        PathResolver.resolve(name, relativeTo: directory ?? baseDirectory, home: homeDirectory)
    }

    /// The PEM in file `name`, decrypted when a passphrase is configured.
    public func secret(named name: String) async throws -> SecretBytes {
        let path = try checkedPath(of: name)
        let contents: SecretBytes
        do {
            contents = try SecretFile.read(path, what: "key file", allowInsecurePermissions: allowInsecurePermissions, expecting: .pem)
        } catch let error as KeyStoreError where error.code == .notFound {
            let place = directory.map { "in \($0)" } ?? "relative to \(baseDirectory)"
            throw KeyStoreError(.notFound, "key file \(path) does not exist (entry \"\(name)\" \(place)); fix privateKey.name or create the key: sesame keys generate --out \(path)")
        }
        guard let passphrase, isEncryptedPEM(contents) else { return contents }
        let secret = try passphrase.passphrase(environment: environment)
        do {
            return try RSAPrivateKey(pem: contents, passphrase: secret).pem(.pkcs8)
        } catch let error as JOSEError where error.code == .wrongPassphrase {
            throw KeyStoreError(.passphrase, "the passphrase from \(passphrase) does not decrypt key file \(path); check it, or re-encrypt the key")
        }
    }

    private func isEncryptedPEM(_ contents: SecretBytes) -> Bool {
        PEMDecoding.contains(contents, "ENCRYPTED")
    }

    /// `directory keys` or `paths relative to /etc/app`, and the passphrase source if any.
    public var description: String {
        var text = directory.map { "directory \($0)" } ?? "paths relative to \(baseDirectory)"
        if let passphrase { text += ", passphrase from \(passphrase)" }
        return text
    }
}

