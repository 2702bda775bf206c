import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("SecretFileWriter: atomic 0600 files")
struct SecretFileWriterTests {
    @Test("a new file has mode 0600 even with umask 000, holds exactly the bytes, and leaves no temporary file")
    func createsPrivateFile() throws {
        let keys = try KeyFixtures.shared()
        try withTemporaryFolder { tmp in
            let path = tmp.file("key.pem")
            // umask is per process: keep the window as small as the call itself.
            let previous = umask(0)
            let result = Result { try SecretFileWriter.write(keys.pkcs8.secret, to: path) }
            umask(previous)
            try result.get()

            #expect(try TemporaryFolder.mode(of: path) == 0o600)
            #expect(Array(try tmp.read("key.pem")) == Array(keys.pkcs8.utf8))
            #expect(try tmp.entries() == ["key.pem"])
        }
    }

    @Test("an existing file is not overwritten: .alreadyExists mentions --force, the old bytes stay, no temporary file")
    func refusesToOverwrite() throws {
        let keys = try KeyFixtures.shared()
        try withTemporaryFolder { tmp in
            let path = try tmp.write(keys.pkcs1, to: "key.pem")

            let error = try #require(#expect(throws: KeyStoreError.self) { try SecretFileWriter.write(keys.pkcs8.secret, to: path) })
            #expect(error.code == .alreadyExists)
            #expect(error.message == "\(path) already exists; choose another path, or pass --force to replace it")
            try expectNoSecrets(in: error)
            #expect(Array(try tmp.read("key.pem")) == Array(keys.pkcs1.utf8))
            #expect(try TemporaryFolder.mode(of: path) == 0o600)
            #expect(try tmp.entries() == ["key.pem"])
        }
    }

    @Test("replace: true replaces the file, which then has mode 0600 whatever the old mode, and leaves no temporary file")
    func replaces() throws {
        let keys = try KeyFixtures.shared()
        try withTemporaryFolder { tmp in
            let path = try tmp.write("old contents", to: "key.pem", mode: 0o644)

            try SecretFileWriter.write(keys.pkcs8.secret, to: path, replace: true)

            #expect(Array(try tmp.read("key.pem")) == Array(keys.pkcs8.utf8))
            #expect(try TemporaryFolder.mode(of: path) == 0o600)
            #expect(try tmp.entries() == ["key.pem"])
        }
    }

    @Test("a file written next to others leaves only itself behind")
    func leavesNeighboursAlone() throws {
        try withTemporaryFolder { tmp in
            try tmp.write("a", to: ".hidden")
            try tmp.write("b", to: "other.pem")

            try SecretFileWriter.write("client-secret".secret, to: tmp.file("key.pem"))

            #expect(try tmp.entries() == [".hidden", "key.pem", "other.pem"])
            #expect(Array(try tmp.read(".hidden")) == Array("a".utf8))
        }
    }

    @Test("an empty secret writes an empty 0600 file")
    func emptySecret() throws {
        try withTemporaryFolder { tmp in
            try SecretFileWriter.write(SecretBytes(copying: [UInt8]()), to: tmp.file("empty"))

            #expect(Array(try tmp.read("empty")) == [])
            #expect(try TemporaryFolder.mode(of: tmp.file("empty")) == 0o600)
        }
    }

    @Test("writing into a missing directory fails with the folder and the reason, and creates nothing")
    func missingDirectory() throws {
        let keys = try KeyFixtures.shared()
        try withTemporaryFolder { tmp in
            let folder = tmp.file("missing")
            let path = folder + "/key.pem"

            let error = try #require(#expect(throws: KeyStoreError.self) { try SecretFileWriter.write(keys.pkcs8.secret, to: path) })
            #expect(error.code == .unreadable)
            #expect(error.message == "cannot create a file in \(folder): No such file or directory; nothing was changed")
            try expectNoSecrets(in: error)
            #expect(!FileManager.default.fileExists(atPath: folder))
            #expect(try tmp.entries() == [])
        }
    }

    @Test("a file written by SecretFileWriter is accepted by PEMFileKeyStore and read back byte for byte")
    func roundTrip() async throws {
        try await withTemporaryFolder { tmp in
            let pem = try RSAPrivateKey.generate().pem(.pkcs8)
            try SecretFileWriter.write(pem, to: tmp.file("generated.pem"))
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let read = try await store.secret(named: "generated.pem")
            #expect(read.constantTimeEquals(pem))
        }
    }
}
