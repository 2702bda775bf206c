import Foundation
import Sesame
import SesameTestSupport
import Testing

/// Every file sesame is given by path is refused at once when it is a FIFO (a read would wait for a
/// writer forever), a device (`/dev/zero` never ends), a folder, or larger than its cap. The time
/// limit turns a hang into a failure; it is generous because under AddressSanitizer on a loaded
/// 2-core machine each of these many `sesame` runs takes seconds.
@Suite("Files that are not what they should be are refused at once", .timeLimit(.minutes(5)))
struct HostileFileTests {
    /// A FIFO, a device, a folder and an oversized file, with the words the refusal must contain.
    static func hostileFiles(in folder: TemporaryFolder) throws -> [(path: String, expected: String)] {
        let fifo = folder.file("fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        let huge = try folder.write([UInt8](repeating: 0x20, count: (1 << 20) + 1), to: "huge.json")
        return [
            (fifo, "is not a regular file"),
            ("/dev/zero", "is not a regular file"),
            (try folder.makeDirectory("folder"), "is not a regular file"),
            (huge, "is \((1 << 20) + 1) bytes; at most \(1 << 20) bytes are accepted"),
        ]
    }

    @Test("providers validate --config")
    func registry() async throws {
        try await withTemporaryFolder { folder in
            for (path, expected) in try Self.hostileFiles(in: folder) {
                let result = try await SesameBinary.run(["providers", "validate", "--config", path])
                #expect(result.status == 1, "\(path): \(result.stderr)")
                #expect(result.stderr.contains(expected), "\(path): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test("emulator --config")
    func emulatorConfiguration() async throws {
        try await withTemporaryFolder { folder in
            for (path, expected) in try Self.hostileFiles(in: folder) {
                let result = try await SesameBinary.run(["emulator", "--port", "0", "--config", path])
                #expect(result.status != 0, "\(path): \(result.stderr)")
                #expect(result.stderr.contains(expected), "\(path): \(result.stderr)")
            }
        }
    }

    @Test("emulator --app with a public key file that is a FIFO or a device")
    func emulatorPublicKey() async throws {
        try await withTemporaryFolder { folder in
            let fifo = folder.file("key.fifo")
            try #require(mkfifo(fifo, 0o600) == 0)
            for path in [fifo, "/dev/zero"] {
                let result = try await SesameBinary.run(["emulator", "--port", "0", "--app", "1:k:\(path)"])
                #expect(result.status != 0, "\(path): \(result.stderr)")
                #expect(result.stderr.contains("is not a regular file"), "\(path): \(result.stderr)")
            }
        }
    }

    @Test("providers import --from-json and --dotenv")
    func importSources() async throws {
        try await withTemporaryFolder { folder in
            for (path, expected) in try Self.hostileFiles(in: folder).dropLast() {
                for flag in ["--from-json", "--dotenv"] {
                    let result = try await SesameBinary.run(["providers", "import", flag, path])
                    #expect(result.status != 0, "\(flag) \(path): \(result.stderr)")
                    #expect(result.stderr.contains(expected), "\(flag) \(path): \(result.stderr)")
                }
            }
        }
    }

    @Test("a registry nested 100,000 levels deep is refused without exhausting the stack")
    func deepNesting() async throws {
        try await withTemporaryFolder { folder in
            let path = try folder.write(String(repeating: "[", count: 100_000), to: "deep.json")
            let result = try await SesameBinary.run(["providers", "validate", "--config", path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("nested more than 64 levels deep"), "\(result.stderr)")
        }
    }

    @Test("key stores refuse a key file, .env file or passphrase file that is a FIFO, a device or a symlink to one")
    func keyStoreFiles() async throws {
        try await withTemporaryFolder { folder in
            let fifo = folder.file("fifo")
            try #require(mkfifo(fifo, 0o600) == 0)
            try folder.makeDirectory("keys")
            try #require(symlink("/dev/zero", folder.file("keys/zero.pem")) == 0)
            try #require(symlink(fifo, folder.file("keys/fifo.pem")) == 0)
            let store = PEMFileKeyStore(directory: folder.file("keys"), baseDirectory: folder.path)
            for name in ["zero.pem", "fifo.pem"] {
                let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: name) })
                #expect(error.message.contains("is not a regular file"))
            }
            for path in [fifo, "/dev/zero"] {
                let error = try #require(await #expect(throws: KeyStoreError.self) { try await DotenvKeyStore(path: path).secret(named: "A") })
                #expect(error.message.contains("is not a regular file"))
            }
        }
    }

    @Test("an environment variable longer than any key is refused, not normalised")
    func environmentValue() async throws {
        let huge = String(repeating: "A", count: 64 * 1024 + 1)
        let store = EnvironmentKeyStore(environment: { _ in huge })
        let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "KEY") })
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("environment variable KEY holds 65537 bytes"))
    }
}
