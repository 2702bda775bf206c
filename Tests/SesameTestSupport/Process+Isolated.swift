import Foundation
import Synchronization

extension Process {
    /// Starts the process without letting it inherit this process's descriptors above standard error.
    ///
    /// The tests serve HTTP in-process (the emulator, OAuth2 token servers), and SwiftNIO accepts
    /// connections without close-on-exec. A child started while such a connection is open would keep
    /// it open after the server closes it, and the peer would wait for its read timeout instead of
    /// seeing the close. Descriptors are marked close-on-exec just before the child starts, one start
    /// at a time.
    public func runIsolated() throws {
        try Self.starting.withLock { _ in
            Self.markCloseOnExec()
            try run()
        }
    }

    private static let starting = Mutex(())

    private static func markCloseOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in entries.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
