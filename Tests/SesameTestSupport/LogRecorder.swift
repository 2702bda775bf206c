import Logging
import Synchronization

/// Keeps every log line in memory, so tests can assert what was (not) logged and wait for an event.
public final class LogRecorder: Sendable {
    /// One log event.
    public struct Line: Sendable {
        /// Its level.
        public let level: Logger.Level
        /// Its message.
        public let message: String
        /// Its metadata (the logger's merged with the event's), rendered as strings.
        public let metadata: [String: String]

        /// The message and metadata as one string, for "never logged" checks.
        public var text: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private struct State {
        var lines: [Line] = []
        var nextWatcher: UInt64 = 0
        var watchers: [UInt64: (matching: @Sendable (Line) -> Bool, count: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    private let state = Mutex(State())

    /// An empty recorder.
    public init() {}

    /// A logger at `trace` level writing here.
    public var logger: Logger {
        Logger(label: "sesame.test") { _ in Handler(recorder: self) }
    }

    /// Every line so far.
    public var lines: [Line] { state.withLock { $0.lines } }

    /// Returns once `count` lines satisfy `matching`, or when the waiting task is cancelled.
    public func waitFor(_ count: Int, linesMatching matching: @escaping @Sendable (Line) -> Bool) async {
        let id = state.withLock { state in
            state.nextWatcher += 1
            return state.nextWatcher
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state in
                    if state.lines.filter(matching).count >= count || Task.isCancelled { return true }
                    state.watchers[id] = (matching, count, continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.watchers.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    fileprivate func append(_ line: Line) {
        let ready = state.withLock { state in
            state.lines.append(line)
            let lines = state.lines
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, watcher) in state.watchers where lines.filter(watcher.matching).count >= watcher.count {
                ready.append(watcher.continuation)
                state.watchers[id] = nil
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.append(Line(
                level: event.level,
                message: event.message.description,
                metadata: merged.mapValues { "\($0)" }
            ))
        }
    }
}
