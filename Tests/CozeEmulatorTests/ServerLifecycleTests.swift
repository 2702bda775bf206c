import CozeEmulator
import Foundation
import SesameTestSupport
import Synchronization
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
        let box = Carried<Int>()
        await #expect(throws: Boom.self) {
            try await withCozeEmulator(try Fixture.configuration()) { emulator in
                box.value = emulator.port
                throw Boom()
            }
        }
        let port = try #require(box.value)
        await #expect(throws: RawHTTPError.self) { try await RawHTTPClient.send(port: port, method: "GET", path: "/__emulator/stats") }
    }

    @Test("stopping the emulator closes idle keep-alive connections, so no client pool keeps one")
    func idleConnection() async throws {
        let carried = Carried<RawHTTPConnection>()
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            connection.sendRequest(method: "GET", path: "/__emulator/stats")
            #expect(try connection.readResponse().status == 200)
            carried.value = connection
        }
        // The server side is closed: reading sees end-of-file or a reset, not the receive timeout.
        let connection = try #require(carried.value)
        #expect(try await offPool { try connection.isClosedByServer() })
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

/// Carries a value out of a closure.
final class Carried<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    var value: Value? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
