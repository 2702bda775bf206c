import Foundation
import Sesame

/// `--passphrase-env NAME` of the `keys` commands: an encrypted key's passphrase, from the environment.
enum PassphraseVariable {
    /// The passphrase in the variable `name`, or `nil` when no variable was named.
    ///
    /// - Throws: ``CommandFailure`` when the variable is not set or empty.
    static func read(_ name: String?) throws -> SecretBytes? {
        guard let name else { return nil }
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw CommandFailure(message: "--passphrase-env \(name): the variable is not set or empty")
        }
        return SecretBytes(utf8: value)
    }
}
