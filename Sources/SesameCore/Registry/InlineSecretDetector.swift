/// Finds secrets pasted into `providers.json`, which must hold references only.
struct InlineSecretDetector {
    /// The core's patterns first, then the plugins'.
    let patterns: [InlineSecretPattern]

    init(patterns: [InlineSecretPattern]) {
        self.patterns = [.pem, .base64Key, .signedJWT] + patterns
    }

    /// An issue for every string value that looks like key material or a token. The value itself is
    /// never repeated in the message.
    func issues(in value: JSONValue, at path: ConfigPath = .root) -> [ConfigIssue] {
        switch value {
        case .string(let string):
            return kind(of: string).map {
                [ConfigIssue(path: path, message: "looks like \($0); the registry holds references only: put the secret in a key store and point to it with {\"store\": ..., \"name\": ...}")]
            } ?? []
        case .array(let items):
            return items.enumerated().flatMap { issues(in: $0.element, at: path.appending(index: $0.offset)) }
        case .object(let fields):
            return fields.flatMap { issues(in: $0.value, at: path.appending($0.key)) }
        case .null, .bool, .number:
            return []
        }
    }

    /// `"value"` for a message, or a placeholder when the value looks like a secret; long values are cut.
    func quoted(_ string: String) -> String {
        if kind(of: string) != nil { return "(a value that looks like a secret, not shown)" }
        return string.count > 64 ? "\"\(string.prefix(61))...\"" : "\"\(string)\""
    }

    private func kind(of string: String) -> String? {
        patterns.first { $0.matches(string) }?.kind
    }
}
