import NIOCore
import Synchronization

/// The emulator's open client connections, so that stopping the emulator closes them.
///
/// Without this, keep-alive connections outlive the server: a client's connection pool would send the
/// next request to a server that no longer answers (and, with ephemeral ports, a new emulator on the
/// same port would look like the old one to that pool).
/// Package-visible: the test token server of `SesameTestSupport` tracks its connections with it too.
package final class ConnectionTracker: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// Creates an empty tracker.
    package init() {}

    /// Starts tracking `channel`.
    package func add(_ channel: any Channel) {
        channels.withLock { $0[ObjectIdentifier(channel)] = channel }
    }

    /// Stops tracking `channel` (it closed).
    package func remove(_ channel: any Channel) {
        _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every connection still open.
    package func closeAll() {
        let open = channels.withLock { channels in
            defer { channels.removeAll() }
            return Array(channels.values)
        }
        for channel in open { channel.close(promise: nil) }
    }
}
