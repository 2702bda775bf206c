import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("PEMFileKeyStore: locating and reading key files")
struct PEMFileKeyStoreTests {
    enum Form: String, CaseIterable, Sendable {
        case pkcs1 = "PKCS#1"
        case pkcs8 = "PKCS#8"

        func pem(in keys: KeyFixtures) -> String {
            switch self {
            case .pkcs1: keys.pkcs1
            case .pkcs8: keys.pkcs8
            }
        }
    }

    @Test("with a directory, the entry name is a file in that directory, not in the base directory")
    func nameInDirectory() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let directory = try tmp.makeDirectory("keys")
            try tmp.write(keys.pkcs8, to: "keys/app.pem")
            try tmp.write(keys.pkcs1, to: "app.pem")
            let store = PEMFileKeyStore(directory: directory, baseDirectory: tmp.path, environment: emptyEnvironment, homeDirectory: tmp.path)

            #expect(store.path(of: "app.pem") == tmp.file("keys/app.pem"))
            let secret = try await store.secret(named: "app.pem")
            #expect(secret.revealedForTest == keys.pkcs8)
            #expect(store.description == "directory \(directory)")
        }
    }

    @Test("without a directory, the entry name is a path relative to the base directory")
    func nameRelativeToBase() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("config/keys")
            try tmp.write(keys.pkcs8, to: "config/keys/app.pem")
            let store = PEMFileKeyStore(directory: nil, baseDirectory: tmp.file("config"), environment: emptyEnvironment, homeDirectory: tmp.path)

            #expect(store.path(of: "keys/app.pem") == tmp.file("config/keys/app.pem"))
            #expect(store.path(of: "./keys/../keys/app.pem") == tmp.file("config/keys/app.pem"))
            #expect(store.path(of: "/etc/app.pem") == "/etc/app.pem")
            let secret = try await store.secret(named: "keys/app.pem")
            #expect(secret.revealedForTest == keys.pkcs8)
            #expect(store.description == "paths relative to \(tmp.file("config"))")
        }
    }

    @Test("a name starting with ~/ expands to the home directory")
    func tildeExpansion() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("home/.keys")
            try tmp.write(keys.pkcs1, to: "home/.keys/app.pem")
            let store = PEMFileKeyStore(directory: nil, baseDirectory: "/nonexistent", environment: emptyEnvironment, homeDirectory: tmp.file("home"))

            #expect(store.path(of: "~/.keys/app.pem") == tmp.file("home/.keys/app.pem"))
            #expect(try await store.secret(named: "~/.keys/app.pem").revealedForTest == keys.pkcs1)
        }
    }

    @Test("PKCS#1 and PKCS#8 keys are returned byte for byte", arguments: Form.allCases)
    func byteIdentical(form: Form) async throws {
        let keys = try KeyFixtures.shared()
        let pem = form.pem(in: keys)
        try await withTemporaryFolder { tmp in
            try tmp.write(pem, to: "key.pem")
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let secret = try await store.secret(named: "key.pem")
            #expect(secret.bytesForTest == Array(pem.utf8))
            let key = try RSAPrivateKey(pem: secret)
            #expect(key.format == (form == .pkcs1 ? .pkcs1 : .pkcs8))
            #expect(key.bits == 2048)
        }
    }

    @Test("a key file group or others can access is refused with the chmod that fixes it", arguments: ["0644", "0640", "0604", "0660"])
    func insecureModes(mode: String) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(keys.pkcs8, to: "key.pem", mode: fileMode(mode))
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .insecurePermissions)
            #expect(error.message.contains("chmod 600 \(path)"))
            #expect(error.message.contains("mode \(mode)"))
            #expect(error.message == "key file \(path) has mode \(mode) (group/others can read it); fix: chmod 600 \(path)")
            try expectNoSecrets(in: error)
        }
    }

    @Test("a key file only its owner can read is accepted", arguments: ["0600", "0400"])
    func secureModes(mode: String) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.pkcs8, to: "key.pem", mode: fileMode(mode))
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            #expect(try await store.secret(named: "key.pem").revealedForTest == keys.pkcs8)
        }
    }

    @Test("allowInsecurePermissions accepts a key file with mode 0644")
    func allowInsecure() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.pkcs8, to: "key.pem", mode: 0o644)
            let store = PEMFileKeyStore(
                directory: tmp.path, baseDirectory: "/", allowInsecurePermissions: true,
                environment: emptyEnvironment, homeDirectory: tmp.path
            )

            #expect(store.allowInsecurePermissions)
            #expect(try await store.secret(named: "key.pem").revealedForTest == keys.pkcs8)
        }
    }

    @Test("a missing key file is .notFound, names the path and suggests sesame keys generate")
    func missingFile() async throws {
        try await withTemporaryFolder { tmp in
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)
            let path = tmp.file("absent.pem")

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "absent.pem") })
            #expect(error.code == .notFound)
            #expect(error.message.contains("key file \(path) does not exist"))
            #expect(error.message.contains("entry \"absent.pem\" in \(tmp.path)"))
            #expect(error.message.contains("sesame keys generate --out \(path)"))
            try expectNoSecrets(in: error)
        }
    }

    @Test("a missing key file without a directory says the name is relative to the base directory")
    func missingFileRelative() async throws {
        try await withTemporaryFolder { tmp in
            let store = PEMFileKeyStore(directory: nil, baseDirectory: tmp.path, environment: emptyEnvironment, homeDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "keys/absent.pem") })
            #expect(error.code == .notFound)
            #expect(error.message.contains("entry \"keys/absent.pem\" relative to \(tmp.path)"))
            #expect(error.message.contains("sesame keys generate --out \(tmp.file("keys/absent.pem"))"))
            try expectNoSecrets(in: error)
        }
    }

    @Test("a directory where the key file should be is .invalidFormat")
    func directoryInsteadOfFile() async throws {
        try await withTemporaryFolder { tmp in
            let path = try tmp.makeDirectory("key.pem")
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .invalidFormat)
            #expect(error.message == "key file \(path) is not a regular file")
            try expectNoSecrets(in: error)
        }
    }

    @Test("a file of more than 64 KiB is .invalidFormat; exactly 64 KiB is read")
    func sizeLimit() async throws {
        try await withTemporaryFolder { tmp in
            let limit = 64 * 1024
            let big = try tmp.write([UInt8](repeating: UInt8(ascii: "A"), count: limit + 1), to: "big.pem")
            try tmp.write([UInt8](repeating: UInt8(ascii: "A"), count: limit), to: "limit.pem")
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "big.pem") })
            #expect(error.code == .invalidFormat)
            #expect(error.message.contains("key file \(big) is \(limit + 1) bytes"))
            #expect(error.message.contains("at most \(limit) bytes"))
            try expectNoSecrets(in: error, extraSecrets: [String(repeating: "A", count: 16)])
            #expect(try await store.secret(named: "limit.pem").count == limit)
        }
    }

    @Test("the store reads the file on every call: no caching")
    func noCaching() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.pkcs8, to: "key.pem")
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)
            #expect(try await store.secret(named: "key.pem").revealedForTest == keys.pkcs8)

            try tmp.write(keys.pkcs1, to: "key.pem")
            #expect(try await store.secret(named: "key.pem").revealedForTest == keys.pkcs1)
        }
    }
}
