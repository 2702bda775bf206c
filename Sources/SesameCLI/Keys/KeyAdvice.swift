import Sesame

/// What `sesame keys` adds to the key layer's errors: JOSE says what is wrong with the key, the CLI
/// says what to run or pass instead.
enum KeyAdvice {
    /// `error` with the CLI's fix appended when it is a ``JOSEError`` with one; else `error` itself.
    static func adding(to error: any Error) -> any Error {
        guard let error = error as? JOSEError else { return error }
        let fix: String
        switch error.code {
        case .publicKeyGiven: fix = "give the private key (the file Coze downloaded as private_key.pem)"
        case .unsupportedKey: fix = "Coze JWT apps use RSA keys (generate one: sesame keys generate --out key.pem)"
        case .notPEM: fix = "use the .pem file Coze downloaded or `sesame keys generate` wrote"
        case .encryptedKeyNeedsPassphrase: fix = "pass --passphrase-env NAME, the variable holding its passphrase"
        default: return error
        }
        return CommandFailure(message: "\(error.message); \(fix)")
    }
}
