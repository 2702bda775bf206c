import SesameCore

/// Finds the passphrase of a vault (`vault-format.md` §5); the first source that applies wins:
///
/// 1. The application's closure (`provider`), when given: then it is the only source.
/// 2. A passphrase file: the one given (registry `passphraseFile`), else, where a caller names a
///    variable for it (the CLI: `SESAME_VAULT_PASSPHRASE_FILE`), the file that variable names. Read by
///    `SecretFileReader`: owned by you, mode 0600 or stricter (never waived), one final line break
///    removed, at most 1,024 bytes.
/// 3. The passphrase variable (registry `passphraseEnv`, default `SESAME_VAULT_PASSPHRASE`). Set but
///    empty is an error; set together with a file source is `passphraseConflict`.
/// 4. A prompt the host supplies (the CLI: the terminal). The library itself never reads a terminal
///    or standard input.
/// 5. Otherwise `noPassphrase`, at once, naming what to set.
///
/// Passphrases are bytes as given, without normalisation: 1–1,024 bytes when unlocking, 8–1,024
/// when set by `create` or `changePassphrase`.
public struct PassphraseResolver: Sendable {
    /// Why a passphrase is asked for.
    package enum Purpose: Sendable, Equatable {
        /// To unlock an existing vault.
        case unlock
        /// For a new vault (`init`).
        case create
        /// The new passphrase of `passwd`.
        case change
    }

    /// Reads one line from the user after showing `prompt`; `nil` when no one can be asked (no terminal).
    /// `vaultPath` names the vault in errors. Returning more than 1,024 bytes means "too long".
    package typealias Prompt = @Sendable (_ prompt: String, _ vaultPath: String) throws(VaultError) -> SecretBytes?

    /// Source 1: the host's closure, given the vault's path. Errors other than ``VaultError`` become
    /// `noPassphrase` (their text is not shown: it could hold anything).
    package var provider: (@Sendable (String) throws -> SecretBytes)?
    /// Source 2: a passphrase file.
    package var file: String?
    /// Source 2 when ``file`` is `nil`: the variable naming a passphrase file (`nil`: none).
    package var fileVariable: String?
    /// Source 3: the variable holding the passphrase.
    package var variable: String
    /// Where variables are read.
    package var environment: VaultEnvironment
    /// Source 4, or `nil` to never ask.
    package var prompt: Prompt?
    /// What `noPassphrase` tells the user to do, when the default text (built from the sources) does
    /// not fit, e.g. `passwd`'s `--new-passphrase-file`.
    package var advice: String?

    /// The default variable holding the passphrase.
    package static let defaultVariable = "SESAME_VAULT_PASSPHRASE"
    /// The variable the CLI reads a passphrase file's path from.
    package static let defaultFileVariable = "SESAME_VAULT_PASSPHRASE_FILE"
    /// The variable holding `passwd`'s new passphrase (CLI).
    package static let newPassphraseVariable = "SESAME_VAULT_NEW_PASSPHRASE"

    /// Passphrase sources for a program: the closure `provider` (given the vault's path) if any, else
    /// the file `file`, else the variable `variable`. Nothing else is consulted and nothing waits on a
    /// terminal: when no source applies, the operation fails at once with `noPassphrase`.
    ///
    /// - Parameter environment: where `variable` is read; by default the process environment, copied
    ///   into guarded memory with `getenv`.
    public init(
        provider: (@Sendable (_ vaultPath: String) throws -> SecretBytes)? = nil,
        file: String? = nil,
        variable: String = "SESAME_VAULT_PASSPHRASE",
        environment: (@Sendable (String) -> String?)? = nil
    ) {
        self.init(provider: provider, file: file, variable: variable, environment: environment.map(VaultEnvironment.init(lookup:)) ?? .process)
    }

    /// Every source, including those only the CLI uses (a file variable, a prompt).
    package init(
        provider: (@Sendable (String) throws -> SecretBytes)? = nil,
        file: String? = nil,
        fileVariable: String? = nil,
        variable: String = PassphraseResolver.defaultVariable,
        environment: VaultEnvironment,
        prompt: Prompt? = nil,
        advice: String? = nil
    ) {
        self.provider = provider
        self.file = file
        self.fileVariable = fileVariable
        self.variable = variable
        self.environment = environment
        self.prompt = prompt
        self.advice = advice
    }

    /// The sources of `passwd`'s new passphrase: `file` (`--new-passphrase-file`), else
    /// `SESAME_VAULT_NEW_PASSPHRASE`, else `prompt` (twice).
    package static func newPassphrase(file: String?, environment: VaultEnvironment, prompt: Prompt? = nil) -> PassphraseResolver {
        let advice = "pass --new-passphrase-file FILE or set \(newPassphraseVariable)" + (prompt == nil ? "" : ", or run in a terminal")
        return PassphraseResolver(file: file, variable: newPassphraseVariable, environment: environment, prompt: prompt, advice: advice)
    }

    /// The passphrase for the vault at `path`.
    ///
    /// - Throws: ``VaultError``: `noPassphrase`, `passphraseConflict`, `emptyPassphrase`,
    ///   `passphraseTooShort` (new passphrases), `passphraseTooLong`, `passphraseMismatch`,
    ///   `insecurePermissions` (the file).
    package func passphrase(for path: String, purpose: Purpose) throws(VaultError) -> SecretBytes {
        let (secret, source) = try find(for: path, purpose: purpose)
        guard !secret.isEmpty else { throw .emptyPassphrase(path, source: source) }
        guard secret.count <= VaultLimits.maxPassphraseLength else { throw .passphraseTooLong(path, source: source) }
        if purpose != .unlock && secret.count < VaultLimits.minNewPassphraseLength {
            throw .passphraseTooShort(path, length: secret.count)
        }
        return secret
    }

    /// `noPassphrase` for the vault at `path`: what to set, and the terminal when there is a prompt.
    package func missing(_ path: String, purpose: Purpose) -> VaultError {
        let label = purpose == .change ? "no new passphrase" : "no passphrase"
        if let advice { return VaultError(.noPassphrase, "\(label) for vault \(path): \(advice)", path: path) }
        let sources = [fileVariable, variable].compactMap(\.self).joined(separator: " or ")
        let fix = fileVariable == nil && file == nil ? "set \(sources) or configure a passphrase file" : "set \(sources)"
        return VaultError(.noPassphrase, "\(label) for vault \(path): \(fix)" + (prompt == nil ? "" : ", or run in a terminal"), path: path)
    }

    private func find(for path: String, purpose: Purpose) throws(VaultError) -> (SecretBytes, String) {
        if let provider {
            do {
                return (try provider(path), "the application")
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
        if let prompt, let secret = try ask(prompt, for: path, purpose: purpose) {
            return (secret, "the terminal")
        }
        throw missing(path, purpose: purpose)
    }

    private func ask(_ prompt: Prompt, for path: String, purpose: Purpose) throws(VaultError) -> SecretBytes? {
        let label = purpose == .change ? "New passphrase" : "Passphrase"
        guard let first = try prompt("\(label) for vault \(path): ", path) else { return nil }
        guard purpose != .unlock, !first.isEmpty else { return first }
        // Check the length before asking again, so a bad passphrase is refused at once.
        if first.count > VaultLimits.maxPassphraseLength { throw .passphraseTooLong(path, source: "the terminal") }
        if first.count < VaultLimits.minNewPassphraseLength { throw .passphraseTooShort(path, length: first.count) }
        guard let second = try prompt("Repeat the \(label.lowercased()): ", path) else { return nil }
        guard first.constantTimeEquals(second) else { throw .passphraseMismatch(path) }
        return first
    }
}
