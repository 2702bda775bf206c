import Logging

extension Logger {
    /// Warnings on stderr as `sesame: warning: MESSAGE` (the shared token cache's, once per cause).
    static var commandLineWarnings: Logger {
        Logger(label: "sesame") { _ in WarningLogHandler() }
    }
}
