import Logging

/// A log handler keeping warnings and worse in a ``WarningLog``.
struct WarningCollector: LogHandler {
    let sink: WarningLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.append(event.message.description)
    }
}
