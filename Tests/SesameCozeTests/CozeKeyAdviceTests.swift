import Foundation
import Sesame
import SesameTestSupport
import Testing

/// JOSE says what is wrong with a key; the Coze provider, which reads it for a Coze app through a key
/// store, says what to do about it.
@Suite("coze-jwt: a private key it cannot use is reported with the fix for a Coze app")
struct CozeKeyAdviceTests {
    private static func broker(store: String, in folder: TemporaryFolder) throws -> TokenBroker {
        let json = """
        { "version": 1, "keyStores": { "files": { "type": "pem-file", "directory": "keys" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "baseURL": "http://127.0.0.1:9", "appId": "1", "keyId": "k",
                                      "privateKey": { "store": "files", "name": "\(store)" } } } }
        """
        let context = RegistryContext(environment: { _ in nil }, homeDirectory: folder.path)
        return TokenBroker(registry: try Registry.decode(Data(json.utf8), source: "providers.json", directory: folder.path, plugins: .builtIn, context: context))
    }

    private static func keysFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/keys", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    @Test("an encrypted key in a pem-file store without a passphrase: the error names the store's passphrase options")
    func encryptedWithoutPassphrase() async throws {
        let folder = try Self.keysFolder()
        let plain = try folder.write(try await TestKeys.shared(0).pem(), to: "plain.pem")
        let encrypted = folder.path + "/keys/encrypted.pem"
        _ = try await OpenSSLCLI.run(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain, "-out", encrypted, "-passout", "pass:correct horse"])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: encrypted)

        let broker = try Self.broker(store: "encrypted.pem", in: folder)
        let error = try await #require(throws: CozeError.self) { try await broker.token(for: "coze-cn") }
        await broker.shutdown()
        #expect(error.code == .keyUnavailable)
        #expect((error.underlying as? JOSEError)?.code == .encryptedKeyNeedsPassphrase)
        #expect(error.message.hasPrefix("coze-cn: private key files:encrypted.pem: the private key is encrypted and no passphrase was given"))
        #expect(error.message.contains("passphraseEnv or passphraseFile"))
        #expect(error.message.contains("key store \"files\""))
        #expect(!error.message.contains("correct horse"))
    }

    /// A key file the Coze provider cannot use, and the advice its error must carry.
    struct UnusableKey: Sendable, CustomTestStringConvertible {
        let name: String
        let contents: @Sendable () async throws -> String
        let code: JOSEError.Code
        let advice: String
        var testDescription: String { name }
    }

    static let unusableKeys = [
        UnusableKey(name: "a public key", contents: { try await TestKeys.shared(0).publicKey.pem }, code: .publicKeyGiven,
                    advice: "use the app's private key (the file Coze downloaded as private_key.pem)"),
        UnusableKey(name: "an Ed25519 key", contents: { JOSEMessageFixtures.ed25519Private }, code: .unsupportedKey,
                    advice: "Coze JWT apps use RSA keys (generate one: sesame keys generate --out key.pem)"),
        UnusableKey(name: "not PEM", contents: { "hello" }, code: .notPEM,
                    advice: "use the .pem file Coze downloaded or `sesame keys generate` wrote"),
    ]

    @Test("a public key, a key that is not RSA, text that is not PEM: the error says what a Coze app needs", arguments: unusableKeys)
    func unusableKey(key: UnusableKey) async throws {
        let folder = try Self.keysFolder()
        try folder.write(try await key.contents(), to: "keys/app.pem")
        let broker = try Self.broker(store: "app.pem", in: folder)
        let error = try await #require(throws: CozeError.self) { try await broker.token(for: "coze-cn") }
        await broker.shutdown()
        #expect(error.code == .keyUnavailable)
        #expect((error.underlying as? JOSEError)?.code == key.code)
        #expect(error.message.hasPrefix("coze-cn: private key files:app.pem: "))
        #expect(error.message.hasSuffix("; " + key.advice), "\(error.message)")
    }
}

/// A throwaway Ed25519 key (valid, but not RSA).
enum JOSEMessageFixtures {
    static let ed25519Private = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEICvTd7RJDXVhUezcP1TjZ1NxAll9O/m6YeRodHIn1eEh\n-----END PRIVATE KEY-----\n"
}
