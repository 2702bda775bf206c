import Foundation
import Sesame
import SesameKeyStores
import SesameTestSupport
import Testing

/// A wrong path is told it is the wrong file, never to `chmod` (or `chown`) a file that is not the user's.
@Suite("A wrong path to a file that is not a key")
struct WrongFileTests {
    static let passwdLike = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"

    @Test("a readable non-key file of your own gets the content error, not the chmod")
    func contentBeforePermissions() async throws {
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(Self.passwdLike, to: "passwd", mode: 0o644)
            let store = PEMFileKeyStore(directory: nil, baseDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "passwd") })
            #expect(error.code == .invalidFormat)
            #expect(error.message == "key file \(path) holds no PEM block (-----BEGIN ...); is this the right file?")
        }
    }

    @Test("a key of your own with mode 0644 still gets the chmod")
    func keyStillNeedsChmod() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(keys.pkcs8, to: "key.pem", mode: 0o644)
            let store = PEMFileKeyStore(directory: nil, baseDirectory: tmp.path)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .insecurePermissions)
            #expect(error.message.hasSuffix("fix: chmod 600 \(path)"))
        }
    }

    @Test("/etc/passwd as a key file is the wrong file, with no chmod or chown advice")
    func systemPasswd() async throws {
        let store = PEMFileKeyStore(directory: nil, baseDirectory: "/")
        let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "/etc/passwd") })
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("holds no PEM block"))
        #expect(!error.message.contains("chmod"))
        #expect(!error.message.contains("chown"))
    }

    @Test("/etc/passwd as a .env file is not a .env file; as a file of any content it is a system file, not to chmod")
    func systemPasswdOtherwise() async throws {
        let dotenv = DotenvKeyStore(path: "/etc/passwd")
        let error = try #require(await #expect(throws: KeyStoreError.self) { try await dotenv.secret(named: "ROOT") })
        #expect(error.code == .invalidFormat)
        #expect(error.message == ".env file /etc/passwd is not a .env file: no line of it is NAME=value; is this the right file?")

        let any = try #require(#expect(throws: KeyStoreError.self) { try SecretFile.read("/etc/passwd", what: "key file") })
        #expect(any.code == .insecurePermissions)
        #expect(!any.message.contains("chmod"))
        #expect(!any.message.contains("chown"))
    }

    @Test("a .env file holding a PEM-less binary is refused before its permissions", arguments: [[0x41, 0x3D, 0x00, 0x42] as [UInt8], Array("just some text\nand no assignment\n".utf8)])
    func dotenvContent(bytes: [UInt8]) async throws {
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(bytes, to: ".env", mode: 0o644)
            let error = try #require(await #expect(throws: KeyStoreError.self) { try await DotenvKeyStore(path: path).secret(named: "A") })
            #expect(error.code == .invalidFormat)
            #expect(error.message.contains("is this the right file?"))
            #expect(!error.message.contains("chmod"))
        }
    }
}
