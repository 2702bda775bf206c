import Foundation
import SesameTestSupport
import Testing

/// Real signals on the built `sesame`. A preloaded `fsync` (fault injection) holds the command at the
/// moment a secret sits in a temporary file, so the signal always arrives there.
@Suite("An interrupted command leaves no secret behind")
struct InterruptCleanupTests {
    static let slowFsyncSource = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <fcntl.h>
        #include <stdlib.h>
        #include <unistd.h>
        int fsync(int fd) {
            const char *marker = getenv("TEST_SLOW_FSYNC_MARKER");
            if (marker) {
                int m = open(marker, O_WRONLY | O_CREAT, 0600);
                if (m >= 0) close(m);
                sleep(60);
            }
            int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
            return real(fd);
        }
        """

    /// Builds the preload library in `folder`.
    static func slowFsync(in folder: TemporaryFolder) async throws -> String {
        let source = try folder.write(slowFsyncSource, to: "slow-fsync.c")
        let library = folder.file("slow-fsync.so")
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = ["cc", "-shared", "-fPIC", "-o", library, source, "-ldl"]
        try compiler.runIsolated()
        await offPool { compiler.waitUntilExit() }
        try #require(compiler.terminationStatus == 0, "cc could not build the fsync fault injector")
        return library
    }

    /// Starts `sesame arguments`, waits until `marker` exists (the command is inside `fsync`), sends
    /// `signalNumber`, and returns the exit status and stderr.
    static func interrupt(_ arguments: [String], environment: [String: String], marker: String, with signalNumber: Int32) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SesameBinary.built.checkedPath())
        process.arguments = arguments
        process.environment = SesameBinary.environment(adding: environment, removing: ["SESAME_CONFIG"])
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.runIsolated()
        async let stderr = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: marker), process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the command never reached fsync")
        kill(process.processIdentifier, signalNumber)
        let text = String(decoding: await stderr, as: UTF8.self)
        await offPool { process.waitUntilExit() }
        return (process.terminationStatus, text)
    }

    /// The pid of a process that has exited.
    static func deadPID() async throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.runIsolated()
        await offPool { process.waitUntilExit() }
        return process.processIdentifier
    }

    @Test("keys generate stopped by SIGTERM or SIGINT while the private key is in its temporary file removes it", arguments: [SIGTERM, SIGINT])
    func keysGenerate(signalNumber: Int32) async throws {
        try await withTemporaryFolder { tmp in
            let library = try await Self.slowFsync(in: tmp)
            try tmp.makeDirectory("keys")
            let marker = tmp.file("in-fsync")

            let result = try await Self.interrupt(
                ["keys", "generate", "--out", tmp.file("keys/k.pem")],
                environment: ["LD_PRELOAD": library, "TEST_SLOW_FSYNC_MARKER": marker], marker: marker, with: signalNumber
            )

            #expect(result.status == 128 + signalNumber, "\(result.stderr)")
            #expect(result.stderr.contains("interrupted by signal \(signalNumber)"))
            #expect(try tmp.entries(in: "keys") == [])
        }
    }

    @Test("keys generate removes a temporary file left by a killed run, and keeps a live process's")
    func staleTemporaryFiles() async throws {
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("keys")
            let dead = try await Self.deadPID()
            try tmp.write("-----BEGIN PRIVATE KEY-----\npartial\n", to: "keys/.k.pem.tmp-\(dead)-12345")
            let live = "keys/.k.pem.tmp-\(getpid())-777"
            try tmp.write("in progress elsewhere", to: live)

            let result = try await SesameBinary.run(["keys", "generate", "--out", tmp.file("keys/k.pem")])

            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("removed \(tmp.file("keys/.k.pem.tmp-\(dead)-12345")), left by an interrupted earlier run"))
            #expect(try tmp.entries(in: "keys").sorted() == [".k.pem.tmp-\(getpid())-777", "k.pem"])
        }
    }

    @Test("sesame demo stopped by SIGINT removes its folder of keys and vault")
    func demo() async throws {
        try await withTemporaryFolder { tmp in
            let library = try await Self.slowFsync(in: tmp)
            try tmp.makeDirectory("tmp")
            let marker = tmp.file("in-fsync")

            let result = try await Self.interrupt(
                ["demo"], environment: ["LD_PRELOAD": library, "TEST_SLOW_FSYNC_MARKER": marker, "TMPDIR": tmp.file("tmp")],
                marker: marker, with: SIGINT
            )

            #expect(result.status == 128 + SIGINT, "\(result.stderr)")
            #expect(try tmp.entries(in: "tmp") == [])
        }
    }

    @Test("sesame demo removes the folder of a killed demo, and keeps a live one's and a --keep one")
    func staleDemoFolders() async throws {
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("tmp")
            let dead = try await Self.deadPID()
            try tmp.write("key", to: "tmp/sesame-demo-\(dead)-0000dead/keys/coze-cn.pem")
            try tmp.write("key", to: "tmp/sesame-demo-\(getpid())-0000live/keys/coze-cn.pem")
            try tmp.write("", to: "tmp/sesame-demo-\(dead)-0000kept/.keep")

            let result = try await SesameBinary.run(["demo"], environment: ["TMPDIR": tmp.file("tmp")])

            #expect(result.status == 0, "\(result.stderr)")
            let left = try tmp.entries(in: "tmp").sorted()
            #expect(left == ["sesame-demo-\(dead)-0000kept", "sesame-demo-\(getpid())-0000live"].sorted())
            #expect(result.stdout.contains("Removed \(tmp.file("tmp/sesame-demo-\(dead)-0000dead")), left by an interrupted earlier demo."))
        }
    }
}
