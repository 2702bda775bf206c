#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

// The vault's §9 messages for the checks of `SecretFileReader`, which reads every vault, backup and
// passphrase file: same checks as every other secret file, the vault's own wording and codes.
extension VaultError {
    /// A vault or backup file failed its checks; `display` is its path as the user named it.
    static func vaultFile(_ error: SecretFileError, display: String) -> VaultError {
        switch error.code {
        case .notFound: .vaultNotFound(display)
        case .notRegularFile: VaultError(.io, "cannot read vault \(display): it is not a regular file", path: display)
        case .insecurePermissions: permissions(error, path: display, what: "vault")
        default: .system("open", display, errorNumber: error.errorNumber ?? EIO)
        }
    }

    /// A passphrase file of vault `vault` failed its checks.
    static func passphraseFile(_ error: SecretFileError, file: String, vault: String) -> VaultError {
        switch error.code {
        case .notFound: VaultError(.noPassphrase, "passphrase file \(file) for vault \(vault) does not exist", path: vault)
        case .notRegularFile: VaultError(.noPassphrase, "passphrase file \(file) for vault \(vault) is not a regular file", path: vault)
        case .insecurePermissions: permissions(error, path: file, what: "passphrase file")
        case .tooLarge: .passphraseTooLong(vault, source: "passphrase file \(file)")
        case .empty: .emptyPassphrase(vault, source: "passphrase file \(file)")
        default: .system("read the passphrase file of", vault, errorNumber: error.errorNumber ?? EIO)
        }
    }

    /// `insecurePermissions` with the `chown` (another owner) or the `chmod` (group/other bits) that fixes it.
    static func permissions(_ error: SecretFileError, path: String, what: String) -> VaultError {
        if let owner = error.owner { return .foreignOwner(path, owner: owner, what: what) }
        return .insecureMode(path, mode: error.mode ?? 0, what: what)
    }
}
