/// The syntax rules of RFC 6749 and RFC 8707 that both `providers.json` and per-request options
/// are checked against, so that a malformed value fails before any request is sent.
enum OAuth2Syntax {
    /// Why `scope` is not a valid scope token (RFC 6749 §3.3: printable ASCII without space, `"` or
    /// `\`), or `nil` when it is.
    static func scopeProblem(_ scope: String) -> String? {
        if scope.isEmpty { return "a scope must not be empty" }
        if scope.contains(" ") {
            return "scope \(quoted(scope)) contains a space; list each scope as its own value"
        }
        let valid = scope.unicodeScalars.allSatisfy { scalar in
            scalar.value == 0x21 || (0x23...0x5B).contains(scalar.value) || (0x5D...0x7E).contains(scalar.value)
        }
        return valid ? nil : "scope \(quoted(scope)) has a character RFC 6749 §3.3 does not allow (only printable ASCII without space, \" or \\)"
    }

    /// Why `uri` cannot be a `resource` (RFC 8707 §2: an absolute URI without a fragment), or `nil`.
    static func resourceProblem(_ uri: String) -> String? {
        let example = "such as \"https://api.example.com/\""
        guard let colon = uri.firstIndex(of: ":") else {
            return "\(quoted(uri)) is not an absolute URI (no scheme); write it in full, \(example)"
        }
        let scheme = uri[..<colon]
        let schemeValid = scheme.first.map { $0.isASCII && $0.isLetter } == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
        guard schemeValid, uri.index(after: colon) < uri.endIndex else {
            return "\(quoted(uri)) is not an absolute URI; write it in full, \(example)"
        }
        guard uri.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "\(quoted(uri)) has spaces or characters a URI cannot hold; percent-encode them"
        }
        if uri.contains("#") {
            return "\(quoted(uri)) has a fragment (#...), which RFC 8707 forbids in a resource; remove it"
        }
        return nil
    }

    /// `"value"` for a message; long values are cut.
    static func quoted(_ value: String) -> String {
        value.count > 64 ? "\"\(value.prefix(61))...\"" : "\"\(value)\""
    }
}
