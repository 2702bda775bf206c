/// A secret file (key, passphrase, `.env`, vault) failed ``SecretFileReader``'s checks or could not
/// be read.
///
/// ``message`` names the path, what was expected and the fix (`chmod 600 PATH`, `chown UID PATH`).
/// The structured fields let a boundary that has its own message format (the vault's) build its text
/// from the same facts. Never holds file contents.
package struct SecretFileError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notFound, unreadable, notRegularFile, insecurePermissions, tooLarge, empty, unexpectedContent
        }
        private let value: Value

        /// Nothing exists at the path.
        package static let notFound = Code(value: .notFound)
        /// A system call failed (`errorNumber` says which reason).
        package static let unreadable = Code(value: .unreadable)
        /// The path is a folder, FIFO, socket or device.
        package static let notRegularFile = Code(value: .notRegularFile)
        /// Another user owns the file (`owner`), or group/others have permission bits on it (`mode`).
        package static let insecurePermissions = Code(value: .insecurePermissions)
        /// The file is larger than the caller's cap (`size`, `limit`).
        package static let tooLarge = Code(value: .tooLarge)
        /// A passphrase file holds nothing but its final line break.
        package static let empty = Code(value: .empty)
        /// The content is obviously not what the caller reads such files for (no PEM in a key file).
        package static let unexpectedContent = Code(value: .unexpectedContent)

        /// The code's name, e.g. `insecurePermissions`.
        package var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    package let code: Code
    /// The file, as the caller named it.
    package let path: String
    /// What failed, why, and the fix.
    package let message: String
    /// The permission bits (`& 0o7777`) when group/others may access the file.
    package var mode: UInt32?
    /// The owner's uid when it is not the effective user.
    package var owner: UInt32?
    /// The file's size (or the bytes read) for `.tooLarge`.
    package var size: Int?
    /// The cap that `.tooLarge` exceeded.
    package var limit: Int?
    /// The `errno` of a failed system call.
    package var errorNumber: Int32?

    package init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

extension KeyStoreError {
    /// The key-store view of a secret-file failure: the same message, the matching code, the
    /// reader's error underneath.
    package init(_ error: SecretFileError) {
        let code: KeyStoreError.Code = switch error.code {
        case .notFound: .notFound
        case .insecurePermissions: .insecurePermissions
        case .notRegularFile, .tooLarge, .empty, .unexpectedContent: .invalidFormat
        default: .unreadable
        }
        self.init(code, error.message, underlying: error)
    }
}
