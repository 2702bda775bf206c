import CozeEmulator
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("Starting and stopping the server")
struct ServerLifecycleTests {
    @Test("withCozeEmulator serves on an ephemeral loopback port and returns the body's value")
    func ephemeralPort() async throws {
        let port = try await withCozeEmulator(try Fixture.configuration()) { emulator in
            #expect(emulator.host == "127.0.0.1")
            #expect(emulator.port > 0)
            #expect(emulator.baseURL == "http://127.0.0.1:\(emulator.port)")
            do {
                let answer = try await Fixture.get(emulator, path: "/__emulator/stats")
                #expect(answer.status == 200)
            }
            return emulator.port
        }
        await #expect(throws: RawHTTPError.self) { try await RawHTTPClient.send(port: port, method: "GET", path: "/__emulator/stats") }
    }

    @Test("the server stops when the body throws, and the error reaches the caller")
    func bodyThrows() async throws {
        struct Boom: Error {}
        let box = PortBox()
        await #expect(throws: Boom.self) {
            try await withCozeEmulator(try Fixture.configuration()) { emulator in
                box.port = emulator.port
                throw Boom()
            }
        }
        let port = try #require(box.port)
        await #expect(throws: RawHTTPError.self) { try await RawHTTPClient.send(port: port, method: "GET", path: "/__emulator/stats") }
    }

    @Test("stopping the emulator closes idle keep-alive connections, so no client pool keeps one")
    func idleConnection() async throws {
        var socket: Int32 = -1
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            socket = try RawHTTPClient.openIdleConnection(port: emulator.port, path: "/__emulator/stats")
        }
        defer { close(socket) }
        // The server side is closed: reading sees end-of-file or a reset, not the receive timeout.
        var buffer = [UInt8](repeating: 0, count: 4096)
        var received: Int
        repeat {
            received = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        } while received > 0
        let reason = errno
        #expect(received == 0 || reason == ECONNRESET, "recv returned \(received), errno \(reason)")
    }

    @Test("a port already taken is a serverFailed error naming the address")
    func portTaken() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { first in
            let second = CozeEmulator(configuration: try Fixture.configuration())
            let error = try await #require(throws: CozeEmulatorError.self) {
                try await second.run(host: "127.0.0.1", port: first.port)
            }
            #expect(error.code == .serverFailed)
            #expect(error.message.contains("127.0.0.1:\(first.port)"))
        }
    }
}

/// Carries a port out of a closure.
final class PortBox: Sendable {
    private let value = Mutex<Int?>(nil)

    var port: Int? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
