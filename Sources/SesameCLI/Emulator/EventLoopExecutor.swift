import NIOCore
import NIOPosix

/// Runs the process's Swift concurrency jobs on NIO's event loops, the threads that already own the
/// emulator's connections.
///
/// On Swift's default executor every token request crosses threads twice: from the event loop that
/// read it to the concurrency pool that runs the route, and back to write the answer. Profiled under
/// wrk, those hand-offs cost the emulator 15–20% of its token requests per second. Installing the
/// hook is process-wide and cannot be undone, so the library never does it; `sesame emulator` owns
/// its process and does, once, before it serves.
enum EventLoopExecutor {
    /// Makes NIO's singleton event loop group Swift concurrency's global executor; `false` when the
    /// runtime offers no hook for it (the emulator then runs on Swift's default executor, only slower).
    /// Later calls return the first call's result.
    static func install() -> Bool { installed }

    private static let installed = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
