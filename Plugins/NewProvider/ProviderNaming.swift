/// The names a scaffolded provider uses, derived from the NAME given on the command line.
struct ProviderNaming {
    /// UpperCamelCase, e.g. `AcmeOAuth`.
    let base: String
    /// The providers.json type, e.g. `acme-oauth`.
    let type: String

    /// The module: NAME plus `Auth` (e.g. `AcmeAuth`), unless NAME already ends in `Auth`.
    var module: String { base.hasSuffix("Auth") ? base : base + "Auth" }
    /// The provider type, e.g. `AcmeProvider`.
    var provider: String { base + "Provider" }
    /// The configuration type, e.g. `AcmeConfiguration`.
    var configuration: String { base + "Configuration" }
    /// The error type, e.g. `AcmeError`.
    var error: String { base + "Error" }
    /// The factory's static name, e.g. `acme`.
    var factory: String { base.prefix(1).lowercased() + base.dropFirst() }
    /// An example variable for the client secret, e.g. `ACME_CLIENT_SECRET`.
    var secretVariable: String { type.uppercased().replacingOccurrences(of: "-", with: "_") + "_CLIENT_SECRET" }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(_ name: String, type: String?) throws {
        let words = name.split { !($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter, first.isASCII, !words.isEmpty,
              name.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") && $0.isASCII }) else {
            throw Invalid(description: "NAME \"\(name)\" must start with a letter and use only ASCII letters, digits, - and _ (e.g. Acme, AcmeOAuth, acme-oauth)")
        }
        base = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        let kebab = Self.kebab(base)
        if let type {
            guard !type.isEmpty, type.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }) else {
                throw Invalid(description: "--type \"\(type)\" must use lowercase ASCII letters, digits and - (e.g. \(kebab))")
            }
            self.type = type
        } else {
            self.type = kebab
        }
    }

    /// `AcmeOAuth` → `acme-oauth`: a dash before each capital that starts a new word.
    static func kebab(_ camel: String) -> String {
        let characters = Array(camel)
        var text = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previousLower = characters[index - 1].isLowercase || characters[index - 1].isNumber
                let nextLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previousLower || (nextLower && characters[index - 1].isUppercase) { text += "-" }
            }
            text += character.lowercased()
        }
        return text
    }
}
