#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs blocking work (Argon2id, file locks, `waitpid`) on a thread of its own.
///
/// Not on a global dispatch queue: on Linux those queues are Swift concurrency's executor, so
/// blocking work parked there takes the threads that other tasks (an in-process server answering
/// the very request being waited for) need. The thread starts with every signal blocked, so a
/// signal is handled by the threads that expect it and never interrupts the blocking call.
package enum BlockingThread {
    /// The result of `work`, run on a new thread.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: work()) }
        }
    }

    /// Starts `body` on a new thread and returns at once.
    package static func start(_ body: @escaping @Sendable () -> Void) {
        Thread {
            var all = sigset_t()
            sigfillset(&all)
            pthread_sigmask(SIG_BLOCK, &all, nil)
            body()
        }.start()
    }
}
