import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("EmulatedApp.parse(spec:): the --app APP_ID:KEY_ID:PUBLIC_PEM form")
struct AppSpecTests {
    @Test("a spec with a key ID registers that ID; a relative path starts at the given folder")
    func withKeyID() throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "keys/app.pub.pem")
        let app = try EmulatedApp.parse(spec: "1127900106117:my-key:keys/app.pub.pem", relativeTo: folder.path)
        #expect(app.appID == "1127900106117")
        #expect(app.kind == .normal)
        #expect(app.enabled)
        #expect(app.keys.map(\.keyID) == ["my-key"])
        #expect(app.keys.first?.publicKey.thumbprint == (try TestKeys.pair(0).thumbprint))
    }

    @Test("an empty key ID means the key's thumbprint; an absolute path ignores the folder")
    func emptyKeyID() throws {
        let pair = try TestKeys.pair(1)
        let app = try EmulatedApp.parse(spec: "42::\(pair.publicKeyPath)", relativeTo: "/nonexistent")
        #expect(app.keys.first?.keyID == pair.thumbprint)
        #expect(app.keys.first?.keyID.count == 43)
    }

    @Test("a path may contain colons")
    func colonInPath() throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "a:b.pem")
        let app = try EmulatedApp.parse(spec: "42:k:a:b.pem", relativeTo: folder.path)
        #expect(app.keys.first?.keyID == "k")
    }

    @Test("a malformed spec says what is wrong and shows the expected form", arguments: [
        ("1127900106117", "1 part"),
        ("1127900106117:app.pub.pem", "2 part"),
        (":k:app.pub.pem", "no APP_ID"),
        ("42:k:", "no PUBLIC_PEM_PATH"),
        ("4 2:k:app.pub.pem", "spaces"),
    ])
    func malformed(spec: String, fragment: String) throws {
        let error = try #require(throws: CozeEmulatorError.self) { try EmulatedApp.parse(spec: spec, relativeTo: "/tmp") }
        #expect(error.code == .invalidAppSpec)
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.message.contains("APP_ID:KEY_ID:PUBLIC_PEM_PATH"))
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let error = try #require(throws: CozeEmulatorError.self) { try EmulatedApp.parse(spec: "42::missing.pem", relativeTo: "/tmp/none") }
        #expect(error.code == .unreadableFile)
        #expect(error.message.contains("/tmp/none/missing.pem"))
    }

    @Test("a private key where the public key belongs is refused without showing it")
    func privateKeyGiven() throws {
        let pair = try TestKeys.pair(0)
        let error = try #require(throws: CozeEmulatorError.self) { try EmulatedApp.parse(spec: "42::\(pair.privateKeyPath)", relativeTo: "/") }
        #expect(error.code == .invalidPublicKey)
        #expect(error.message.contains("private key"))
        #expect(!error.message.contains("BEGIN"))
    }
}
