import Foundation
import SesameTestSupport
import Testing

@Suite("sesame emulator stops gently", .timeLimit(.minutes(5)))
struct EmulatorDrainTests {
    @Test("on SIGTERM a request in progress is answered before sesame emulator exits 0", arguments: [SIGTERM, SIGINT])
    func drainsInFlight(signalNumber: Int32) async throws {
        let fixture = try await CLIFixture.make()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SesameBinary.built.checkedPath())
        process.arguments = ["emulator", "--port", "0", "--latency-ms", "1500", "--app", "\(fixture.appID):k:\(fixture.folder)/keys/app.pub.pem"]
        process.environment = SesameBinary.environment(adding: [:], removing: ["SESAME_CONFIG"])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.runIsolated()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let reader = output.fileHandleForReading
        let line = await offPool { () -> String in
            var bytes: [UInt8] = []
            while let byte = try? reader.read(upToCount: 1)?.first, byte != 0x0A { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let port = try #require(Int(line.split(separator: ":").last ?? ""), "first line: \(line)")

        let connection = try RawHTTPConnection(port: port)
        connection.send("POST /api/permission/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        // The answer waits 1.5 s (--latency-ms); the signal comes in the middle of it.
        try await Task.sleep(for: .milliseconds(500))
        kill(process.processIdentifier, signalNumber)

        let response = try await offPool { try connection.readResponse() }
        #expect(response.status == 401 || response.status == 400, "\(response.status) \(response.text)")
        #expect(response.header("X-Tt-Logid") != nil)
        await offPool { process.waitUntilExit() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        // And it no longer listens.
        #expect(throws: RawHTTPConnection.Failure.self) { try RawHTTPConnection(port: port) }
    }
}
