extension EmulatedApp {
    /// The form ``parse(spec:relativeTo:)`` reads, for messages.
    static let specForm = "APP_ID:KEY_ID:PUBLIC_PEM_PATH (KEY_ID may be empty for the key's thumbprint), e.g. 1127900106117::keys/app.pub.pem"

    /// Parses the command-line form `APP_ID:KEY_ID:PUBLIC_PEM_PATH` into a normal, enabled app with one key.
    ///
    /// An empty `KEY_ID` registers the key under its RFC 7638 thumbprint. The path may itself contain
    /// `:`; a relative path is taken from `directory`, and `~` expands to the home folder.
    ///
    /// - Throws: ``CozeEmulatorError``: `.invalidAppSpec` when a part is missing or empty (the message
    ///   shows the expected form), `.unreadableFile` or `.invalidPublicKey` when the PEM file is unusable.
    public static func parse(spec: String, relativeTo directory: String) throws -> EmulatedApp {
        let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            throw CozeEmulatorError(.invalidAppSpec, "app spec \"\(spec)\" has \(parts.count) part(s); expected \(specForm)")
        }
        let (appID, keyID, path) = (parts[0], parts[1], parts[2])
        guard !appID.isEmpty else {
            throw CozeEmulatorError(.invalidAppSpec, "app spec \"\(spec)\" has no APP_ID; expected \(specForm)")
        }
        guard !appID.contains(where: \.isWhitespace), !keyID.contains(where: \.isWhitespace) else {
            throw CozeEmulatorError(.invalidAppSpec, "app spec \"\(spec)\": APP_ID and KEY_ID may not contain spaces; expected \(specForm)")
        }
        guard !path.isEmpty else {
            throw CozeEmulatorError(.invalidAppSpec, "app spec \"\(spec)\" has no PUBLIC_PEM_PATH; expected \(specForm)")
        }
        let key = try PublicKeyFile.load(PublicKeyFile.resolve(path, relativeTo: directory), keyID: keyID)
        return EmulatedApp(appID: appID, keys: [key])
    }
}
