import SesameCore

/// Finds the passphrase of a vault (`vault-format.md` §5); the first source that applies wins:
///
/// 1. ``provider``, a closure of the host application (or a test).
/// 2. A file: ``file``, else the file named by the variable ``fileVariable``
///    (`SESAME_VAULT_PASSPHRASE_FILE`), read by `SecretFileReader` like every secret file: owned by
///    the effective user with mode `0600` or stricter (never waived), one trailing `\n` or `\r\n`
///    stripped, then at most 1,024 bytes.
/// 3. The variable ``variable`` (`SESAME_VAULT_PASSPHRASE`), read into guarded memory. Set but
///    empty is an error. When a file source (2) is configured too, that is `passphraseConflict`.
/// 4. The terminal, when standard input is one and `/dev/tty` opens (echo off). New passphrases are
///    asked twice and compared in constant time.
/// 5. Otherwise `noPassphrase`, at once: standard input that is not a terminal is never read.
///
/// Passphrases are bytes as given, without normalisation: 1–1,024 bytes when unlocking, 8–1,024
/// when set by `init` or `passwd`.
public struct PassphraseResolver: Sendable {
    /// Why a passphrase is asked for.
    public enum Purpose: Sendable, Equatable {
        /// To unlock an existing vault.
        case unlock
        /// For a new vault (`init`).
        case create
        /// The new passphrase of `passwd`.
        case change
    }

    /// What ``provider`` is asked for.
    public struct Request: Sendable {
        /// The vault, as its path was given.
        public let vaultPath: String
        /// Why the passphrase is needed.
        public let purpose: Purpose
    }

    /// Source 1: the host's closure. Errors other than ``VaultError`` become `noPassphrase`
    /// (their text is not shown: it could hold anything).
    public var provider: (@Sendable (Request) throws -> SecretBytes)?
    /// Source 2: a passphrase file (registry `passphraseFile`, CLI `--new-passphrase-file`).
    public var file: String?
    /// Source 2 when ``file`` is `nil`: the variable naming a passphrase file.
    public var fileVariable: String?
    /// Source 3: the variable holding the passphrase.
    public var variable: String
    /// Where variables are read.
    public var environment: VaultEnvironment
    /// Source 4, or `nil` to never prompt.
    public var terminal: TerminalPrompt?

    /// The default variable holding the passphrase.
    public static let defaultVariable = "SESAME_VAULT_PASSPHRASE"
    /// The default variable naming a passphrase file.
    public static let defaultFileVariable = "SESAME_VAULT_PASSPHRASE_FILE"
    /// The variable holding `passwd`'s new passphrase.
    public static let newPassphraseVariable = "SESAME_VAULT_NEW_PASSPHRASE"

    /// Creates a resolver; the defaults are the process environment's `SESAME_VAULT_PASSPHRASE_FILE`,
    /// `SESAME_VAULT_PASSPHRASE` and the controlling terminal.
    public init(
        provider: (@Sendable (Request) throws -> SecretBytes)? = nil,
        file: String? = nil,
        fileVariable: String? = PassphraseResolver.defaultFileVariable,
        variable: String = PassphraseResolver.defaultVariable,
        environment: VaultEnvironment = .process,
        terminal: TerminalPrompt? = .controllingTerminal
    ) {
        self.provider = provider
        self.file = file
        self.fileVariable = fileVariable
        self.variable = variable
        self.environment = environment
        self.terminal = terminal
    }

    /// The sources of `passwd`'s new passphrase: `file` (`--new-passphrase-file`), else
    /// `SESAME_VAULT_NEW_PASSPHRASE`, else the terminal (twice).
    public static func newPassphrase(
        file: String?, environment: VaultEnvironment = .process, terminal: TerminalPrompt? = .controllingTerminal
    ) -> PassphraseResolver {
        PassphraseResolver(file: file, fileVariable: nil, variable: newPassphraseVariable, environment: environment, terminal: terminal)
    }

    /// The passphrase for the vault at `path`.
    ///
    /// - Throws: ``VaultError``: `noPassphrase`, `passphraseConflict`, `emptyPassphrase`,
    ///   `passphraseTooShort` (new passphrases), `passphraseTooLong`, `passphraseMismatch`,
    ///   `insecurePermissions` (the file).
    public func passphrase(for path: String, purpose: Purpose) throws(VaultError) -> SecretBytes {
        let (secret, source) = try find(for: path, purpose: purpose)
        guard !secret.isEmpty else { throw .emptyPassphrase(path, source: source) }
        guard secret.count <= VaultLimits.maxPassphraseLength else { throw .passphraseTooLong(path, source: source) }
        if purpose != .unlock && secret.count < VaultLimits.minNewPassphraseLength {
            throw .passphraseTooShort(path, length: secret.count)
        }
        return secret
    }

    private func find(for path: String, purpose: Purpose) throws(VaultError) -> (SecretBytes, String) {
        if let provider {
            do {
                return (try provider(Request(vaultPath: path, purpose: purpose)), "the application")
            } catch let error as VaultError {
                throw error
            } catch {
                throw VaultError(.noPassphrase, "no passphrase for vault \(path): the application's passphrase provider failed (\(type(of: error)))", path: path)
            }
        }
        let fileSource = file ?? fileVariable.flatMap { environment.value($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let variableIsSet = environment.value(variable) != nil
        if let fileSource {
            if variableIsSet {
                let fileName = file ?? "$\(fileVariable ?? "")"
                throw .passphraseConflict(path, file: fileName, variable: variable)
            }
            do {
                return (try SecretFileReader.readPassphrase(fileSource), "passphrase file \(fileSource)")
            } catch {
                throw .passphraseFile(error, file: fileSource, vault: path)
            }
        }
        if variableIsSet, let secret = environment.secret(variable) {
            return (secret, "$\(variable)")
        }
        if let terminal, let secret = try ask(terminal, for: path, purpose: purpose) {
            return (secret, "the terminal")
        }
        switch purpose {
        case .unlock, .create:
            throw .noPassphrase(path, fileVariable: fileVariable ?? "a passphrase file", variable: variable)
        case .change:
            throw VaultError(
                .noPassphrase,
                "no new passphrase for vault \(path): pass --new-passphrase-file FILE or set \(variable), or run in a terminal",
                path: path
            )
        }
    }

    private func ask(_ terminal: TerminalPrompt, for path: String, purpose: Purpose) throws(VaultError) -> SecretBytes? {
        let label = purpose == .change ? "New passphrase" : "Passphrase"
        guard let first = try terminal.read(prompt: "\(label) for vault \(path): ", path: path) else { return nil }
        guard purpose != .unlock, !first.isEmpty else { return first }
        // Check the length before asking again, so a short passphrase is refused at once.
        if first.count < VaultLimits.minNewPassphraseLength { throw .passphraseTooShort(path, length: first.count) }
        guard let second = try terminal.read(prompt: "Repeat the \(label.lowercased()): ", path: path) else { return nil }
        guard first.constantTimeEquals(second) else { throw .passphraseMismatch(path) }
        return first
    }
}
