import Foundation
import SesameTestSupport
import Sesame
import Testing

@Suite("sesame keys generate / inspect")
struct KeysCommandTests {
    @Test("generate writes a 0600 private key, prints the public PEM and its thumbprint, and never overwrites without --force")
    func generate() async throws {
        let fixture = try await CLIFixture.make()
        let out = fixture.folder + "/new.pem"
        let result = try await SesameBinary.run(["keys", "generate", "--out", out, "--public-out", fixture.folder + "/new.pub.pem"])
        #expect(result.status == 0, "\(result.stderr)")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(result.stdout.contains("-----BEGIN PUBLIC KEY-----"))
        #expect(!result.stdout.contains("PRIVATE"))
        let key = try RSAPrivateKey(pem: SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(key.bits == 2048)
        #expect(result.stdout.contains("thumbprint (RFC 7638): \(key.publicKey.thumbprint)"))
        let before = try Data(contentsOf: URL(fileURLWithPath: out))

        let again = try await SesameBinary.run(["keys", "generate", "--out", out])
        #expect(again.status == 1)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("--force"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
    }

    @Test("generate --format pkcs1 --bits 3072 writes a PKCS#1 key of that size")
    func generatePKCS1() async throws {
        let fixture = try await CLIFixture.make()
        let out = fixture.folder + "/rsa.pem"
        let result = try await SesameBinary.run(["keys", "generate", "--out", out, "--format", "pkcs1", "--bits", "3072"])
        #expect(result.status == 0, "\(result.stderr)")
        let key = try RSAPrivateKey(pem: SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(key.format == .pkcs1)
        #expect(key.bits == 3072)
    }

    @Test("generate refuses an unsupported size before doing anything")
    func badBits() async throws {
        let fixture = try await CLIFixture.make()
        let result = try await SesameBinary.run(["keys", "generate", "--out", fixture.folder + "/x.pem", "--bits", "1024"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("2048, 3072 or 4096"))
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/x.pem"))
    }

    @Test("inspect shows format, bits, permissions and thumbprint, and never the private key")
    func inspect() async throws {
        let fixture = try await CLIFixture.make()
        let path = fixture.folder + "/keys/app.pem"
        chmod(path, 0o644)
        let result = try await SesameBinary.run(["keys", "inspect", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format: PKCS#8"))
        #expect(result.stdout.contains("bits: 2048"))
        #expect(result.stdout.contains("permissions: 0644 (group/others can read it; fix: chmod 600 \(path))"))
        #expect(result.stdout.contains(fixture.keyID))
        #expect(!result.stdout.contains("PRIVATE KEY"))
    }

    @Test("inspect of a file that is not a key fails with the reason")
    func inspectGarbage() async throws {
        let fixture = try await CLIFixture.make()
        let path = try fixture.write("hello", to: "notakey.pem")
        let result = try await SesameBinary.run(["keys", "inspect", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("not PEM"))
        #expect(result.stderr.contains("use the .pem file Coze downloaded or `sesame keys generate` wrote"), "the CLI adds the fix JOSE leaves out")
    }
}

@Suite("sesame keys import")
struct KeysImportCommandTests {
    @Test("import decrypts an encrypted PKCS#8 key and stores it as a 0600 PKCS#8 file that signs for the same public key")
    func importIntoPEMStore() async throws {
        let fixture = try await CLIFixture.make()
        let registry = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let encrypted = fixture.folder + "/encrypted.pem"
        try await OpenSSLCLI.succeed(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", fixture.folder + "/keys/app.pem", "-out", encrypted, "-passout", "pass:s3cret-phrase"])
        let result = try await SesameBinary.run(
            ["keys", "import", "--config", registry, "--store", "files", "--name", "imported.pem", "--from-file", encrypted, "--passphrase-env", "IMPORT_PASS"],
            environment: ["IMPORT_PASS": "s3cret-phrase"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("thumbprint (RFC 7638): \(fixture.keyID)"))
        #expect(!result.stdout.contains("s3cret"))
        let stored = fixture.folder + "/keys/imported.pem"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: stored)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let key = try RSAPrivateKey(pem: SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: stored))))
        #expect(key.format == .pkcs8)
        #expect(key.publicKey.matches(fixture.key))

        let again = try await SesameBinary.run(
            ["keys", "import", "--config", registry, "--store", "files", "--name", "imported.pem", "--from-file", fixture.folder + "/keys/app.pem"]
        )
        #expect(again.status == 1)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("already exists"))
    }

    @Test("import into a read-only store or from a non-key file fails with the reason")
    func importFailures() async throws {
        let fixture = try await CLIFixture.make()
        let registry = try fixture.write("""
        { "version": 1, "keyStores": { "env": { "type": "env" }, "files": { "type": "pem-file", "directory": "keys" } },
          "providers": { "x": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k", "privateKey": { "store": "env", "name": "K" } } } }
        """, to: "providers.json")
        let readOnly = try await SesameBinary.run(["keys", "import", "--config", registry, "--store", "env", "--name", "K", "--from-file", fixture.folder + "/keys/app.pem"])
        #expect(readOnly.status == 1)
        #expect(readOnly.stderr.contains("read-only"))
        let notAKey = try fixture.write("hello", to: "hello.txt")
        let garbage = try await SesameBinary.run(["keys", "import", "--config", registry, "--store", "files", "--name", "x.pem", "--from-file", notAKey])
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("not PEM"))
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/keys/x.pem"))
    }

    @Test("import of an encrypted key without --passphrase-env says to pass it")
    func importEncryptedWithoutPassphrase() async throws {
        let fixture = try await CLIFixture.make()
        let registry = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let encrypted = fixture.folder + "/encrypted.pem"
        try await OpenSSLCLI.succeed(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", fixture.folder + "/keys/app.pem", "-out", encrypted, "-passout", "pass:s3cret-phrase"])
        let result = try await SesameBinary.run(["keys", "import", "--config", registry, "--store", "files", "--name", "imported.pem", "--from-file", encrypted])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("the private key is encrypted and no passphrase was given"), "\(result.stderr)")
        #expect(result.stderr.contains("pass --passphrase-env NAME"))
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/keys/imported.pem"))
    }
}
