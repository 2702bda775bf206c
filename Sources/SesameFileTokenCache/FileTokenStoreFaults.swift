/// Failures injected into the `file` store's system calls, for tests of what the real disk rarely
/// does on demand (a full device, a folder that refuses writes to root).
package struct FileTokenStoreFaults: Sendable {
    /// The system calls that can be made to fail.
    package enum Operation: Sendable, Hashable {
        /// `open(O_CREAT | O_EXCL)` of an entry's temporary file.
        case createTemporary
        /// `write(2)` of an entry's bytes.
        case write
        /// `open` of a key's lock file.
        case openLock
    }

    /// The `errno` to fail `operation` with, or `nil` to make the real call.
    package var errorNumber: @Sendable (Operation) -> Int32?

    /// Injects `errorNumber`'s answers.
    package init(errorNumber: @escaping @Sendable (Operation) -> Int32?) {
        self.errorNumber = errorNumber
    }

    /// No fault: every call is made.
    package static let none = FileTokenStoreFaults { _ in nil }
}
