#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The points of a write (`vault-format.md` §6) where a crash test can kill the process.
///
/// The rewrite of `NAME.bak` by `passwd` uses the same points with a `bak-` prefix
/// (`bak-temp-written`, `bak-renamed`, ...).
package enum VaultWriteStep: String, Sendable, CaseIterable {
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
/// A package-level seam: only the `VaultTestHelper` executable sets one (from its arguments); the
/// library never reads a crash point from the environment, and the default is ``none``.
package struct VaultCrashHook: Sendable {
    /// The step to die at (`temp-written`, `bak-renamed`, ...), or `nil` for none.
    package let step: String?

    /// A hook that kills the process at `step` (`nil`: never).
    package init(step: String?) {
        self.step = step
    }

    /// No crash point.
    package static let none = VaultCrashHook(step: nil)

    /// Called at each point; exits at the chosen one.
    func reached(_ step: VaultWriteStep, prefix: String = "") {
        guard let chosen = self.step, chosen == prefix + step.rawValue else { return }
        _exit(137)
    }
}
