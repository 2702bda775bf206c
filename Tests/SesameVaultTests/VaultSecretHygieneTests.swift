import Foundation
import Sesame
@testable import SesameVault
import SesameTestSupport
import Testing

@Suite("No passphrase, key or value in any error or log line")
struct VaultSecretHygieneTests {
    /// Fails when `text` shows a secret or a PEM marker.
    static func expectClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!text.contains("BEGIN"), "shows a PEM marker: \(text)", sourceLocation: sourceLocation)
        for secret in try TestSecrets.all() {
            #expect(!text.contains(secret), "shows a secret: \(text)", sourceLocation: sourceLocation)
        }
    }

    static func expectClean(_ error: any Error, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var dumped = ""
        dump(error, to: &dumped)
        for text in [String(describing: error), String(reflecting: error), dumped] {
            try expectClean(text, sourceLocation: sourceLocation)
        }
    }

    @Test("errors of every kind, and their key-store wrappers, show no secret")
    func errors() async throws {
        try await withVault { fixture in
            let pem = try TestSecrets.pem()
            let vault = try fixture.created()
            try vault.put(pem.secret, named: "key", kind: .pemPrivateKey)
            var errors: [any Error] = []
            func collect(_ body: () throws -> Void) {
                do { try body() } catch { errors.append(error) }
            }
            collect { _ = try fixture.vault(passphrase: TestSecrets.wrongPassphrase).entries() }
            collect { try vault.put(pem.secret, named: "key", kind: .pemPrivateKey) }
            collect { try vault.put(TestSecrets.passphrase.secret, named: "k2", kind: .pemPrivateKey) }
            collect { try vault.put(String(pem.dropFirst(40)).secret, named: "k3", kind: .pemPrivateKey) }
            collect { try vault.put(pem.secret, named: pem, kind: .opaque) }
            collect { try vault.put("opaque-secret-value-1234".secret, named: "opaque-secret-value-1234 x", kind: .opaque) }
            collect { _ = try fixture.vault(passphrase: "short").changePassphrase(newPassphrase: .newPassphrase(file: nil, environment: .fixed(["SESAME_VAULT_NEW_PASSPHRASE": "short"]))) }
            collect { _ = try PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: String(repeating: TestSecrets.passphrase, count: 40)])).passphrase(for: "v", purpose: .unlock) }
            var damaged = try fixture.bytes()
            damaged[damaged.count - 1] ^= 1
            try fixture.overwrite(with: damaged)
            collect { _ = try vault.secret(named: "key") }
            #expect(errors.count == 9)
            for error in errors {
                try Self.expectClean(error)
                if let error = error as? VaultError {
                    try Self.expectClean(KeyStoreError(wrapping: error))
                }
            }
        }
    }

    @Test("secrets and data keys print redacted")
    func redacted() throws {
        let key = DataKey.random(.system)
        #expect(String(describing: key) == "<redacted data key>")
        #expect(String(describing: TestSecrets.passphrase.secret) == "<redacted 30 bytes>")
    }

    @Test("warnings (insecure mode allowed, world-writable folder) show no secret")
    func logs() async throws {
        try await withVault { fixture in
            try fixture.created().put("opaque-secret-value-1234".secret, named: "a", kind: .opaque)
            try fixture.overwrite(with: try fixture.bytes(), mode: 0o644)
            let recorder = LogRecorder()
            var configuration = fixture.configuration()
            configuration.allowInsecurePermissions = true
            configuration.logger = recorder.logger
            _ = try Vault(path: fixture.path, configuration: configuration).secret(named: "a")
            #expect(recorder.lines.contains { $0.text.contains("has mode 0644") })
            for line in recorder.lines { try Self.expectClean("\(line.level) \(line.text)") }
        }
    }
}

