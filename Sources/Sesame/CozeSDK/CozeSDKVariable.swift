/// The environment variables the official Coze SDKs' JWT examples read (coze-py, coze-js, coze-go).
public enum CozeSDKVariable {
    /// The OAuth app's ID: `appId`.
    public static let clientID = "COZE_JWT_OAUTH_CLIENT_ID"
    /// The public key's ID (fingerprint): `keyId`.
    public static let publicKeyID = "COZE_JWT_OAUTH_PUBLIC_KEY_ID"
    /// The private key PEM itself (plain, base64-encoded or with `\n` escapes).
    public static let privateKey = "COZE_JWT_OAUTH_PRIVATE_KEY"
    /// The path of the private key PEM file.
    public static let privateKeyFilePath = "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"
    /// The private key PEM, base64-encoded.
    public static let privateKeyBase64 = "COZE_JWT_OAUTH_PRIVATE_KEY_BASE64"
    /// The API base URL; its host gives the region.
    public static let apiBase = "COZE_API_BASE"
    /// The website base URL; gives the region when ``apiBase`` is not set.
    public static let wwwBase = "COZE_WWW_BASE"

    /// The private key variables, in the order they are tried: the first one set is used.
    public static let privateKeyVariables = [privateKeyFilePath, privateKey, privateKeyBase64]

    /// Whether environment-only mode applies: any `COZE_JWT_OAUTH_` variable is set.
    public static func isConfigured(_ environment: (String) -> String?) -> Bool {
        ([clientID, publicKeyID] + privateKeyVariables).contains { !(environment($0) ?? "").isEmpty }
    }
}
