#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The points of a write (`vault-format.md` §6) where a crash test can kill the process.
///
/// The rewrite of `NAME.bak` by `passwd` uses the same points with a `bak-` prefix
/// (`bak-temp-written`, `bak-renamed`, ...).
public enum VaultWriteStep: String, Sendable, CaseIterable {
    /// Step 1: the temporary file exists (0600), empty.
    case temporaryCreated = "temp-created"
    /// Step 2: every byte is written, not yet flushed.
    case temporaryWritten = "temp-written"
    /// Step 2: flushed and closed.
    case temporarySynced = "temp-synced"
    /// Step 3: `NAME.bak.tmp` is a second link to the current vault.
    case backupLinked = "backup-linked"
    /// Step 3: `NAME.bak` is the previous generation.
    case backupRenamed = "backup-renamed"
    /// Step 4: the new file is in place, the directory not yet flushed.
    case renamed = "renamed"
    /// Step 4: the directory is flushed.
    case directorySynced = "dir-synced"
    /// `init`: the new file is linked as NAME; the temporary name still exists.
    case linked = "linked"
}

/// Kills the process with `_exit(137)` at a chosen ``VaultWriteStep``, for crash-consistency tests.
///
/// ``fromEnvironment`` reads `SESAME_VAULT_TEST_CRASH_AT=STEP` in debug builds only; release builds
/// ignore the variable, and a crash point exists there only when code sets one explicitly with
/// ``init(step:)``.
public struct VaultCrashHook: Sendable {
    /// The step to die at (`temp-written`, `bak-renamed`, ...), or `nil` for none.
    public let step: String?

    /// A hook that kills the process at `step` (`nil`: never).
    public init(step: String?) {
        self.step = step
    }

    /// No crash point.
    public static let none = VaultCrashHook(step: nil)

    /// `SESAME_VAULT_TEST_CRASH_AT` in debug builds; ``none`` in release builds.
    public static var fromEnvironment: VaultCrashHook {
        #if DEBUG
        if let value = getenv("SESAME_VAULT_TEST_CRASH_AT"), value.pointee != 0 {
            return VaultCrashHook(step: String(cString: value))
        }
        #endif
        return .none
    }

    /// Called at each point; exits at the chosen one.
    func reached(_ step: VaultWriteStep, prefix: String = "") {
        guard let chosen = self.step, chosen == prefix + step.rawValue else { return }
        _exit(137)
    }
}
