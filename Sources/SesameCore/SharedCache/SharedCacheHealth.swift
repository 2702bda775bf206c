import Logging
import Synchronization

/// What the providers over one shared token store have told the user about it: each cause of
/// failure is warned once, and the first success after failures is reported once.
///
/// A cause is the error's type and `code` (its kind, not its text, which may carry a path or a
/// count), so that a store failing the same way on every call fills no log.
package final class SharedCacheHealth: Sendable {
    private struct State {
        var warned: Set<String> = []
        var failing = false
    }

    private let logger: Logger
    private let state = Mutex(State())

    /// Reports to `logger`.
    package init(logger: Logger) {
        self.logger = logger
    }

    /// Records that an operation on the store failed with `error` while serving `provider`; warns
    /// when this cause was not warned about since the store last worked.
    package func failed(_ error: any Error, operation: String, provider: String) {
        let cause = Self.cause(of: error)
        let isNew = state.withLock { state in
            state.failing = true
            return state.warned.insert(cause).inserted
        }
        guard isNew else { return }
        logger.warning(
            "shared token cache: cannot \(operation) for \(provider): \(error); tokens are minted by this process until it works again",
            metadata: ["provider": "\(provider)", "cause": "\(cause)"]
        )
    }

    /// Records a call in which every operation on the store succeeded; after failures, says once
    /// that the store works again.
    package func succeeded(provider: String) {
        let recovered = state.withLock { state in
            guard state.failing else { return false }
            state = State()
            return true
        }
        if recovered {
            logger.notice("shared token cache works again", metadata: ["provider": "\(provider)"])
        }
    }

    /// `TYPE.CODE` for an error with a `code` property, else the error's type.
    package static func cause(of error: any Error) -> String {
        let kind = String(reflecting: type(of: error))
        guard let code = Mirror(reflecting: error).children.first(where: { $0.label == "code" })?.value else { return kind }
        return "\(kind).\(code)"
    }
}
