#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// How a ``Vault`` finds its passphrase, waits for the lock, and reaches the system.
///
/// The defaults are the production ones and read nothing from the process on their own (no
/// variable, no terminal); tests replace ``fileIO``, ``keyDerivation``, ``random``, ``now`` and
/// ``crashHook`` to inject faults, count KDF calls, produce golden files and stop at a write step.
package struct VaultConfiguration: Sendable {
    /// Where the passphrase comes from.
    package var passphrase: PassphraseResolver
    /// How long a writer waits for the lock (retrying every 100 ms). Default 10 s.
    package var lockTimeout: Duration
    /// Accept vault files another user owns or others can access, with a warning (the CLI sets it
    /// from `SESAME_VAULT_ALLOW_INSECURE=1`).
    package var allowInsecurePermissions: Bool
    /// Where warnings go (never secrets).
    package var logger: Logger
    /// The write/flush/close system calls.
    package var fileIO: any VaultFileIO
    /// Argon2id, or an observed wrapper of it.
    package var keyDerivation: KeyDerivation
    /// IDs, salts, nonces, data keys.
    package var random: VaultRandom
    /// The current time in Unix seconds, for entries' `created` and `updated`.
    package var now: @Sendable () -> Int64
    /// Where a crash test kills the process (set only by the test helper).
    package var crashHook: VaultCrashHook

    /// Creates a configuration; every argument has the production default.
    package init(
        passphrase: PassphraseResolver = PassphraseResolver(),
        lockTimeout: Duration = .seconds(10),
        allowInsecurePermissions: Bool = false,
        logger: Logger = Logger(label: "sesame.vault", factory: { _ in SwiftLogNoOpLogHandler() }),
        fileIO: any VaultFileIO = SystemFileIO(),
        keyDerivation: KeyDerivation = .argon2id,
        random: VaultRandom = .system,
        now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        crashHook: VaultCrashHook = .none
    ) {
        self.passphrase = passphrase
        self.lockTimeout = lockTimeout
        self.allowInsecurePermissions = allowInsecurePermissions
        self.logger = logger
        self.fileIO = fileIO
        self.keyDerivation = keyDerivation
        self.random = random
        self.now = now
        self.crashHook = crashHook
    }
}
