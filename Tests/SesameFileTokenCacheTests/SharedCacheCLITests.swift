import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("file token cache through the sesame CLI")
struct SharedCacheCLITests {
    @Test("a loop of `sesame token` makes one exchange; `sesame exec` reuses the token; the files are 0700/0600")
    func tokenLoop() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            var tokens: Set<String> = []
            for _ in 0..<4 {
                let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.isEmpty, "\(result.stderr)")
                tokens.insert(result.stdout.trimmingCharacters(in: .newlines))
            }
            #expect(tokens.count == 1)
            #expect(emulator.stats.tokensIssued == 1)

            let exec = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--", "/bin/sh", "-c", "printf %s \"$COZE_API_TOKEN\""])
            #expect(exec.status == 0, "\(exec.stderr)")
            #expect(tokens.contains(exec.stdout))
            let session = try await SesameBinary.run(["token", "coze-cn", "--config", config, "--session", "user-42"])
            #expect(session.status == 0)
            #expect(!tokens.contains(session.stdout.trimmingCharacters(in: .newlines)), "another request, another key")
            #expect(emulator.stats.tokensIssued == 2)

            #expect(try TemporaryFolder.mode(of: fixture.cacheFolder) == 0o700)
            let entries = try fixture.entries()
            #expect(entries.count == 2)
            for entry in entries {
                #expect(try TemporaryFolder.mode(of: fixture.cacheFolder + "/" + entry) == 0o600)
            }
        }
    }

    @Test("`sesame exec --serve` serves the shared token to its child")
    func execServe() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let first = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(first.status == 0, "\(first.stderr)")
            let served = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "/bin/sh", "-c", "printf %s \"$COZE_API_TOKEN\""])
            #expect(served.status == 0, "\(served.stderr)")
            #expect(served.stdout == first.stdout.trimmingCharacters(in: .newlines))
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("`sesame doctor` and `sesame jwt` do not use the shared cache: doctor makes a real exchange")
    func doctorExchanges() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            _ = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(emulator.stats.tokensIssued == 1)
            let doctor = try await SesameBinary.run(["doctor", "coze-cn", "--config", config])
            #expect(doctor.status == 0, "\(doctor.stderr)")
            #expect(emulator.stats.tokensIssued >= 2)
            let jwt = try await SesameBinary.run(["jwt", "coze-cn", "--config", config])
            #expect(jwt.status == 0)
            #expect(try fixture.entries().count == 1)
        }
    }

    @Test("providers list and validate show the token cache")
    func listAndValidate() async throws {
        let fixture = try await SharedCacheFixture()
        let config = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let list = try await SesameBinary.run(["providers", "list", "--config", config])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("token cache: file: directory \(fixture.cacheFolder)"), "\(list.stdout)")
        let validate = try await SesameBinary.run(["providers", "validate", "--config", config])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("token cache file"), "\(validate.stdout)")
    }

    @Test("an unsafe cache folder costs no token: `sesame token` prints it and warns once on stderr with the fix")
    func unsafeFolder() async throws {
        let fixture = try await SharedCacheFixture()
        try fixture.directory.makeDirectory("cache", mode: 0o755)
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("czs_"))
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(lines.first?.hasPrefix("sesame: warning: shared token cache: ") == true)
            #expect(lines.first?.contains("chmod 700 \(fixture.cacheFolder)") == true)
            #expect(!result.stderr.contains(result.stdout.trimmingCharacters(in: .newlines)))
            #expect(try fixture.entries().isEmpty)
        }
    }

    @Test("the default folder is $XDG_CACHE_HOME/sesame, and `sesame exec` leaves XDG_CACHE_HOME in the command's environment")
    func xdgCacheHome() async throws {
        let fixture = try await SharedCacheFixture()
        let xdg = try fixture.directory.makeDirectory("xdg")
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, defaultFolder: true)
            let result = try await SesameBinary.run(
                ["exec", "coze-cn", "--config", config, "--", "/bin/sh", "-c", "printf %s \"$XDG_CACHE_HOME\""],
                environment: ["XDG_CACHE_HOME": xdg]
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == xdg)
            #expect(try TemporaryFolder.mode(of: xdg + "/sesame") == 0o700)
            #expect(try FileManager.default.contentsOfDirectory(atPath: xdg + "/sesame").filter { $0.hasSuffix(".json") }.count == 1)
        }
    }
}
