import SesameCore

extension CozeDoctor {
    /// A failure when the base URL is Coze's website (`coze_www_base`) instead of its API; `nil` otherwise.
    func apiBaseCheck(_ baseURL: String) -> DiagnosisCheck? {
        guard let base = CozeAPIBase(baseURL), case .website(let region) = base.kind else { return nil }
        return DiagnosisCheck("api-base", .fail, "base URL \(base.url) is Coze's website (a coze_www_base), not its API: token and API calls there get web pages",
                              remedy: "use the API base \(region.baseURL) (COZE_API_BASE / coze_api_base / baseURL), or remove baseURL and set \"region\": \"\(region.rawValue)\"")
    }

    /// The `private-key` failure when the key cannot be used; when the store holds the wrong kind of
    /// value (a public key, an ID, base64 that is no PEM), it says which, and what belongs there.
    func unusableKeyCheck(_ error: any Error, reference: KeyReference) async -> DiagnosisCheck {
        guard let secret = try? await reference.read() else {
            return DiagnosisCheck("private-key", .fail, "cannot use private key \(reference): \(error)")
        }
        let shape = SecretShape(secret)
        switch shape {
        case .privateKeyPEM, .other:
            return DiagnosisCheck("private-key", .fail, "cannot use private key \(reference): \(error)")
        default:
            return DiagnosisCheck("private-key", .fail, "the private key \(reference) holds \(shape.description)", remedy: shape.privateKeyRemedy)
        }
    }
}
