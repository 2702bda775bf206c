import Foundation
import Sesame
@testable import SesameVault
import Testing

/// The entry point of helper processes (see ``HelperProcess``); skipped in a normal test run.
///
/// Each mode reads its arguments from `HELPER_*` variables and the vault's passphrase from the real
/// process environment, prints `HELPER-OK` or `HELPER-ERROR code message` on stdout, and exits.
@Suite("Helper process entry point")
struct VaultHelperEntry {
    @Test("helper", .enabled(if: HelperProcess.mode != nil))
    func run() {
        let mode = HelperProcess.mode ?? ""
        let environment = ProcessInfo.processInfo.environment
        var configuration = VaultConfiguration()
        if let timeout = environment["HELPER_LOCK_TIMEOUT_MS"].flatMap(Int.init) {
            configuration.lockTimeout = .milliseconds(timeout)
        }
        let vault = Vault(path: environment["HELPER_VAULT"] ?? "", configuration: configuration)
        let result = Result { () throws(VaultError) in try Self.perform(mode, vault: vault, environment: environment) }
        switch result {
        case .success:
            Self.say("HELPER-OK")
            _exit(0)
        case .failure(let error):
            Self.say("HELPER-ERROR \(error.code) \(error.message)")
            _exit(1)
        }
    }

    private static func perform(_ mode: String, vault: Vault, environment: [String: String]) throws(VaultError) {
        switch mode {
        case "init":
            try vault.create(kdf: .interactive)
        case "put":
            let value = SecretBytes(utf8: environment["HELPER_VALUE"] ?? "")
            try vault.put(value, named: environment["HELPER_NAME"] ?? "", kind: .opaque, replace: true)
        case "passwd":
            try vault.changePassphrase(newPassphrase: .newPassphrase(file: nil), rotateKey: environment["HELPER_ROTATE"] == "1")
        case "put-loop":
            say("HELPER-LOOPING")
            for index in 0..<10_000 {
                let value = SecretBytes(utf8: "loop-value-\(index)")
                try vault.put(value, named: "k\(index % 4)", kind: .opaque, replace: true)
            }
        case "list":
            let names = try vault.entries().map(\.name)
            say("HELPER-NAMES " + names.joined(separator: ","))
        case "hold-lock":
            let lock = try VaultLock.acquire(VaultPaths(vault.path), timeout: .seconds(5))
            say("HELPER-LOCKED")
            // Hold it until the parent closes stdin.
            _ = FileHandle.standardInput.readDataToEndOfFile()
            withExtendedLifetime(lock) {}
        case "umask-create":
            umask(0)
            try vault.create(kdf: .interactive)
            try vault.put(SecretBytes(utf8: "value-under-umask"), named: "a", kind: .opaque)
        default:
            say("HELPER-ERROR unknownMode \(mode)")
            _exit(2)
        }
    }

    private static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
