import Foundation
import SesameTestSupport
import Testing

@Suite("sesame emulator and sesame demo")
struct EmulatorAndDemoTests {
    @Test("sesame emulator prints its address first and serves tokens to sesame token")
    func emulatorCommand() async throws {
        let fixture = try await CLIFixture.make()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SesameBinary.built.checkedPath())
        process.arguments = ["emulator", "--port", "0", "--region", "cn", "--app", "\(fixture.appID)::\(fixture.folder)/keys/app.pub.pem"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.runIsolated()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let firstLine = await offPool { () -> String in
            var bytes: [UInt8] = []
            while let byte = try? output.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let match = try #require(firstLine.wholeMatch(of: /listening on (http:\/\/127\.0\.0\.1:\d+)/))
        let config = try fixture.writeRegistry(baseURL: String(match.1))
        let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("czs_"))
    }

    @Test("sesame emulator without any app explains how to register one")
    func emulatorWithoutApps() async throws {
        let result = try await SesameBinary.run(["emulator", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--app APP_ID:KEY_ID:PUBLIC_PEM"))
    }

    @Test("sesame demo gets a token for every provider, reuses the cache, and shares one exchange among 1,000 callers")
    func demo() async throws {
        let result = try await SesameBinary.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("✓ coze-cn "))
        #expect(result.stdout.contains("✓ coze-com "))
        #expect(result.stdout.contains("✓ coze-cn-channel "))
        #expect(result.stdout.contains("asking for coze-cn again sent 0 requests"))
        #expect(result.stdout.contains("caused 1 token exchange"))
        #expect(!result.stdout.contains("PRIVATE KEY"))
    }
}
