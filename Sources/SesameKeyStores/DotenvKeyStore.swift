import SesameCore

/// Reads secrets from a `.env` file: `{"type": "dotenv", "path": ".env"}`; the entry name is the
/// variable. Values are normalised like ``EnvironmentKeyStore``'s. The file must not be readable by
/// group or others unless `allowInsecurePermissions` is set.
public struct DotenvKeyStore: KeyStore, CustomStringConvertible {
    /// The `.env` file.
    public let path: String
    /// Accept a file that group or others can read.
    public let allowInsecurePermissions: Bool

    /// Creates a store over the file at `path`.
    public init(path: String, allowInsecurePermissions: Bool = false) {
        self.path = path
        self.allowInsecurePermissions = allowInsecurePermissions
    }

    /// The value of variable `name` in the file.
    public func secret(named name: String) async throws -> SecretBytes {
        if let problem = entryNameProblem(name) { throw KeyStoreError(.notFound, problem) }
        let contents = try SecretFile.read(path, what: ".env file", allowInsecurePermissions: allowInsecurePermissions, expecting: .dotenv)
        guard let value = DotenvParser.value(of: name, in: contents) else {
            throw KeyStoreError(.notFound, "\(path) does not define \(name); add a line \(name)=\"<the PEM, with \\n for line breaks>\" or fix privateKey.name")
        }
        guard !value.isEmpty else {
            throw KeyStoreError(.notFound, "\(name) is empty in \(path); set it to the private key PEM")
        }
        return PEMDecoding.normalize(value)
    }

    /// Why `name` can never be defined in a `.env` file (a variable name is `[A-Za-z0-9_.]`).
    public func entryNameProblem(_ name: String) -> String? {
        guard !DotenvParser.isVariableName(name) else { return nil }
        return "a .env file can define no variable \(name.debugDescription): a name is letters, digits, \"_\" and \".\"; fix privateKey.name"
    }

    /// `file PATH`.
    public var description: String { "file \(path)" }
}
