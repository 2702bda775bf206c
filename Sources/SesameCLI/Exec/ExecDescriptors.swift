#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The descriptors a command started by `sesame exec` must not inherit.
enum ExecDescriptors {
    /// Marks every descriptor above standard error close-on-exec, so that the token endpoint's
    /// sockets, connections to token endpoints and the event loops' descriptors stay with sesame.
    static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in entries.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
