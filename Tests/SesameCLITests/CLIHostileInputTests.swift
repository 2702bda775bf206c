import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("sesame keys and output: hostile input and failing outputs end cleanly, never a crash or a half-written key")
struct CLIHostileInputTests {
    @Test("keys generate refuses --public-out naming the --out file, and writes nothing")
    func samePathRefused() async throws {
        let folder = try TemporaryFolder()
        let result = try await SesameBinary.run(["keys", "generate", "--out", "k.pem", "--public-out", "./k.pem", "--force"], directory: folder.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--public-out and --out name the same file"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.file("k.pem")))
    }

    @Test("keys generate with a --public-out folder that does not exist leaves no private key behind")
    func badPublicFolderWritesNothing() async throws {
        let folder = try TemporaryFolder()
        let result = try await SesameBinary.run(["keys", "generate", "--out", "k.pem", "--public-out", "missing/k.pub.pem"], directory: folder.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
        #expect(result.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("k.pem")))
    }

    @Test("keys import --from-file - stops at 64 KiB of stdin instead of reading without limit")
    func stdinIsCapped() async throws {
        let fixture = try await CLIFixture.make()
        let registry = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let flood = [UInt8](repeating: 0x41, count: 200_000)
        let result = try await SesameBinary.run(["keys", "import", "--config", registry, "--store", "files", "--name", "flood.pem", "--from-file", "-"], stdin: flood)
        #expect(result.status == 1)
        #expect(result.stderr.contains("stdin holds more than 65536 bytes"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/keys/flood.pem"))
    }

    @Test("a stdout that cannot take the output (a full device; a closed pipe with SIGPIPE ignored) is one stderr line and exit 1, not a crash", arguments: ["/dev/full", "closed pipe"])
    func failingStdout(target: String) async throws {
        let folder = try TemporaryFolder()
        let key = try folder.write(try TestKeys.pair(0).privatePEM, to: "k.pem")
        let process = Process()
        // The shell ignores SIGPIPE before it becomes sesame, as a supervisor or a parent that ignores
        // it would: a write to a closed pipe is then EPIPE instead of a quiet death by signal.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' PIPE; exec \"$0\" keys inspect \"$1\"", try SesameBinary.built.checkedPath(), key]
        let errors = Pipe()
        process.standardError = errors
        if target == "/dev/full" {
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        } else {
            let output = Pipe()
            try output.fileHandleForReading.close()
            process.standardOutput = output
        }
        try process.runIsolated()
        let stderr = await offPool { errors.fileHandleForReading.readDataToEndOfFile() }
        await offPool { process.waitUntilExit() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        let text = String(decoding: stderr, as: UTF8.self)
        #expect(text.hasPrefix("sesame: cannot write the output: "), "\(text)")
        #expect(text.split(separator: "\n").count == 1)
    }
}
