#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal state a command started by `sesame exec` must begin with.
///
/// A process inherits its parent's blocked-signal mask and ignored signals across `execve`. The
/// thread that runs `sesame exec` belongs to Swift's concurrency pool, which blocks most signals, and
/// the runtime ignores SIGPIPE; without a reset, the command would not stop on Ctrl-C, SIGTERM or
/// SIGHUP (so `docker stop`, systemd and CI time-outs would all escalate to SIGKILL).
enum ExecSignals {
    /// The signals whose disposition is reset to the default for the command.
    static let resetToDefault: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM]

    /// The signals `sesame exec --serve` forwards to the command.
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Unblocks every signal of the calling thread and restores default dispositions, just before
    /// `execvp` replaces this process.
    static func resetBeforeExec() {
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
        for signalNumber in resetToDefault {
            signal(signalNumber, SIG_DFL)
        }
    }
}
