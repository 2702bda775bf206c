import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Entry names that would leave a store")
struct EntryNameTests {
    static let escapes = ["../outside.pem", "/etc/passwd", "~/.ssh/id_rsa", "sub/../../outside.pem", "..", "."]

    @Test("the registry refuses a pem-file entry name that leaves the store's directory, at its JSON path", arguments: escapes)
    func registryRefusesEscape(name: String) throws {
        try withTemporaryFolder { tmp in
            let json = KeyStoreRegistryTests.registry(keyStores: #"{ "files": { "type": "pem-file", "directory": "keys" } }"#)
                .replacingOccurrences(of: #""name": "coze-cn.pem""#, with: #""name": "\#(name)""#)

            let issues = try KeyStoreRegistryTests.issues(json, in: tmp)
            let issue = try #require(issues.first { $0.hasPrefix("providers.coze-cn.privateKey.name: ") })
            #expect(issue.contains("would leave the store's directory \(tmp.file("keys"))"))
            #expect(issue.contains("an entry name is a file name in it"))
        }
    }

    @Test("the registry refuses names no env, dotenv or vault store can hold")
    func registryRefusesOtherStores() throws {
        try withTemporaryFolder { tmp in
            for (store, settings, name, expected) in [
                ("env", #"{ "type": "env" }"#, "A=B", "no environment variable can be named"),
                ("dotenv", #"{ "type": "dotenv", "path": ".env" }"#, "../.env", "a .env file can define no variable"),
                ("vault", #"{ "type": "sodium-vault", "path": "vault" }"#, "bad name", "name"),
            ] {
                let json = KeyStoreRegistryTests.registry(keyStores: "{ \"\(store)\": \(settings) }", store: store)
                    .replacingOccurrences(of: #""name": "coze-cn.pem""#, with: #""name": "\#(name)""#)

                let issues = try KeyStoreRegistryTests.issues(json, in: tmp)
                #expect(issues.contains { $0.hasPrefix("providers.coze-cn.privateKey.name: ") && $0.contains(expected) }, "\(store): \(issues)")
            }
        }
    }

    @Test("a pem-file store without a directory keeps paths relative to the registry's folder")
    func pathsWithoutDirectory() throws {
        try withTemporaryFolder { tmp in
            let json = KeyStoreRegistryTests.registry(keyStores: #"{ "files": { "type": "pem-file" } }"#)
                .replacingOccurrences(of: #""name": "coze-cn.pem""#, with: #""name": "../keys/coze-cn.pem""#)

            _ = try KeyStoreRegistryTests.decode(json, in: tmp)
        }
    }

    @Test("reading refuses a name that leaves the directory, though the file there is a valid key")
    func readRefusesEscape() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("keys")
            try tmp.write(keys.pkcs8, to: "outside.pem")
            let store = PEMFileKeyStore(directory: tmp.file("keys"), baseDirectory: tmp.path)

            for name in ["../outside.pem", tmp.file("outside.pem")] {
                let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: name) })
                #expect(error.code == .invalidFormat)
                #expect(error.message.contains("would leave the store's directory"))
                try expectNoSecrets(in: error)
            }
        }
    }

    @Test("writing and removing refuse a name that leaves the directory, and nothing is written outside")
    func writeRefusesEscape() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("keys")
            try tmp.write(keys.pkcs8, to: "victim.pem")
            let store = PEMFileKeyStore(directory: tmp.file("keys"), baseDirectory: tmp.path)

            await #expect(throws: KeyStoreError.self) { try await store.store(SecretBytes(utf8: keys.pkcs1), named: "../written.pem", replace: true) }
            await #expect(throws: KeyStoreError.self) { try await store.store(SecretBytes(utf8: keys.pkcs1), named: "../victim.pem", replace: true) }
            await #expect(throws: KeyStoreError.self) { try await store.remove(named: "../victim.pem") }

            #expect(!tmp.exists("written.pem"))
            #expect(try tmp.text("victim.pem") == keys.pkcs8)
            #expect(try tmp.entries().sorted() == ["keys", "victim.pem"])
        }
    }

    @Test("reading from env and dotenv stores refuses impossible names")
    func otherStoresRefuse() async throws {
        try await withTemporaryFolder { tmp in
            try tmp.write("A=1\n", to: ".env")
            let dotenv = DotenvKeyStore(path: tmp.file(".env"))
            let error = try #require(await #expect(throws: KeyStoreError.self) { try await dotenv.secret(named: "../A") })
            #expect(error.message.contains("a .env file can define no variable"))
            let env = EnvironmentKeyStore(environment: { _ in "value" })
            await #expect(throws: KeyStoreError.self) { try await env.secret(named: "A=B") }
        }
    }
}
