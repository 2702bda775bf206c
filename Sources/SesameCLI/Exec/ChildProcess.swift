#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SesameCore
import Foundation

/// A command started by `sesame exec --serve`: its own process, with default signal handling and no
/// descriptor of sesame's but standard input, output and error (``SignalForwarder`` passes signals
/// on to it).
struct ChildProcess {
    /// Why the command could not be started.
    struct SpawnError: Error {
        let command: String
        let errorNumber: Int32
    }

    let pid: pid_t

    /// Starts `arguments` (the first is looked up on `PATH`) with `environment`.
    static func spawn(_ arguments: [String], environment: [String: String]) throws(SpawnError) -> ChildProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in ExecSignals.resetToDefault { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        ExecDescriptors.closeOnExec()

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(command: arguments[0], errorNumber: result) }
        return ChildProcess(pid: pid)
    }

    /// Waits for the command to end; its exit status, or 128 + N when signal N ended it.
    func exitStatus() async -> Int32 {
        // A thread of its own: the token endpoint needs the executor's threads while the command runs.
        await BlockingThread.run { [pid] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return Self.decode(status)
        }
    }

    /// `WEXITSTATUS`, or 128 + `WTERMSIG` (the shell's convention).
    static func decode(_ status: Int32) -> Int32 {
        let signalNumber = status & 0x7F
        if signalNumber == 0 { return (status >> 8) & 0xFF }
        return 128 + signalNumber
    }
}
