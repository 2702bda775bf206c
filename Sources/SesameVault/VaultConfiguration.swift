#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// How a ``Vault`` finds its passphrase, waits for the lock, and reaches the system.
///
/// The defaults are the production ones; tests replace ``fileIO``, ``keyDerivation``, ``random`` and
/// ``now`` to inject faults, count KDF calls and produce golden files.
public struct VaultConfiguration: Sendable {
    /// Where the passphrase comes from.
    public var passphrase: PassphraseResolver
    /// How long a writer waits for the lock (retrying every 100 ms). Default 10 s.
    public var lockTimeout: Duration
    /// Accept vault files other users can access, with a warning (`SESAME_VAULT_ALLOW_INSECURE=1`).
    public var allowInsecurePermissions: Bool
    /// Where warnings go (never secrets).
    public var logger: Logger
    /// The write/flush/close system calls.
    public var fileIO: any VaultFileIO
    /// Argon2id, or an observed wrapper of it.
    public var keyDerivation: KeyDerivation
    /// IDs, salts, nonces, data keys.
    public var random: VaultRandom
    /// The current time in Unix seconds, for entries' `created` and `updated`.
    public var now: @Sendable () -> Int64
    /// Where a crash test kills the process (debug builds: `SESAME_VAULT_TEST_CRASH_AT`).
    public var crashHook: VaultCrashHook

    /// The variable that, set to `1`, downgrades permission errors on vault files to warnings.
    public static let allowInsecureVariable = "SESAME_VAULT_ALLOW_INSECURE"

    /// Creates a configuration; every argument has the production default.
    public init(
        passphrase: PassphraseResolver = PassphraseResolver(),
        lockTimeout: Duration = .seconds(10),
        allowInsecurePermissions: Bool? = nil,
        logger: Logger = Logger(label: "sesame.vault", factory: { _ in SwiftLogNoOpLogHandler() }),
        fileIO: any VaultFileIO = SystemFileIO(),
        keyDerivation: KeyDerivation = .argon2id,
        random: VaultRandom = .system,
        now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        crashHook: VaultCrashHook = .fromEnvironment
    ) {
        self.passphrase = passphrase
        self.lockTimeout = lockTimeout
        self.allowInsecurePermissions = allowInsecurePermissions
            ?? (passphrase.environment.value(Self.allowInsecureVariable) == "1")
        self.logger = logger
        self.fileIO = fileIO
        self.keyDerivation = keyDerivation
        self.random = random
        self.now = now
        self.crashHook = crashHook
    }
}
