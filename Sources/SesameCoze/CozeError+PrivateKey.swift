import SesameCore
import SesameJOSE

extension CozeError {
    /// `keyUnavailable`: the private key was read from its store but cannot sign. The key layer says
    /// what is wrong with the key; this adds what to do about it for a Coze app.
    static func unusableKey(_ failure: any Error, reference: KeyReference, provider: String) -> CozeError {
        let message = "\(provider): private key \(reference): \(failure)\(advice(for: failure, reference: reference))"
        return CozeError(.keyUnavailable, provider: provider, message: message, underlying: failure)
    }

    private static func advice(for failure: any Error, reference: KeyReference) -> String {
        guard let failure = failure as? JOSEError else { return "" }
        switch failure.code {
        case .publicKeyGiven:
            return "; use the app's private key (the file Coze downloaded as private_key.pem)"
        case .unsupportedKey:
            return "; Coze JWT apps use RSA keys (generate one: sesame keys generate --out key.pem)"
        case .notPEM:
            return "; use the .pem file Coze downloaded or `sesame keys generate` wrote"
        case .encryptedKeyNeedsPassphrase:
            return "; a pem-file key store decrypts it when given passphraseEnv or passphraseFile: set one on key store \"\(reference.storeName)\""
        default:
            return ""
        }
    }
}
