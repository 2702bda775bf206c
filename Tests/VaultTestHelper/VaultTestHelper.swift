#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore
import SesameVault

/// A program that uses the vault library, spawned by `SesameVaultTests` to hold the lock from another
/// process, die at a write step, run without a terminal, or write under another umask.
///
/// `VaultTestHelper MODE --vault PATH [--crash-at STEP] [--lock-timeout-ms N] [--name N] [--value V] [--rotate]`
///
/// The passphrase comes from `$SESAME_VAULT_PASSPHRASE` (`passwd`'s new one from
/// `$SESAME_VAULT_NEW_PASSPHRASE`), as for any program using the library's defaults. `--crash-at`
/// sets the package-level crash seam (`VaultCrashHook`): the process `_exit(137)`s at that step. The
/// helper prints `HELPER-OK` or `HELPER-ERROR CODE MESSAGE` (plus `HELPER-LOCKED`, `HELPER-LOOPING`,
/// `HELPER-NAMES a,b`) on stdout and exits 0, 1 (vault error) or 2 (bad arguments).
@main
enum VaultTestHelper {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first, let options = HelperOptions(arguments.dropFirst()) else {
            say("HELPER-ERROR usage VaultTestHelper MODE --vault PATH [--crash-at STEP] [--lock-timeout-ms N] [--name N] [--value V] [--rotate]")
            exit(2)
        }
        var configuration = VaultConfiguration(crashHook: VaultCrashHook(step: options.crashAt))
        if let timeout = options.lockTimeoutMilliseconds { configuration.lockTimeout = .milliseconds(timeout) }
        let vault = Vault(path: options.vault, configuration: configuration)
        do throws(VaultError) {
            try perform(mode, vault: vault, options: options)
            say("HELPER-OK")
            exit(0)
        } catch {
            say("HELPER-ERROR \(error.code) \(error.message)")
            exit(1)
        }
    }

    private static func perform(_ mode: String, vault: Vault, options: HelperOptions) throws(VaultError) {
        switch mode {
        case "init":
            try vault.create(kdf: .interactive)
        case "put":
            try vault.put(SecretBytes(utf8: options.value), named: options.name, kind: .opaque, replace: true)
        case "passwd":
            let newPassphrase = PassphraseResolver.newPassphrase(file: nil, environment: .process)
            try vault.changePassphrase(newPassphrase: newPassphrase, rotateKey: options.rotate)
        case "put-loop":
            say("HELPER-LOOPING")
            for index in 0..<10_000 {
                try vault.put(SecretBytes(utf8: "loop-value-\(index)"), named: "k\(index % 4)", kind: .opaque, replace: true)
            }
        case "list":
            say("HELPER-NAMES " + (try vault.names()).joined(separator: ","))
        case "hold-lock":
            let lock = try VaultLock.acquire(VaultPaths(options.vault), timeout: .seconds(5))
            say("HELPER-LOCKED")
            // Held until the parent closes stdin.
            var byte: UInt8 = 0
            while read(STDIN_FILENO, &byte, 1) > 0 {}
            withExtendedLifetime(lock) {}
        case "umask-create":
            umask(0)
            try vault.create(kdf: .interactive)
            try vault.put(SecretBytes(utf8: "value-under-umask"), named: "a", kind: .opaque)
        default:
            say("HELPER-ERROR unknownMode \(mode)")
            exit(2)
        }
    }

    /// Writes `line` to stdout at once (no buffering: the parent waits for it).
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
