import Logging

/// An emulator serving on loopback, as handed to the body of ``withCozeEmulator(_:logger:isolation:_:)``.
public struct RunningCozeEmulator: Sendable {
    /// The emulator (counters, faults).
    public let emulator: CozeEmulator
    /// The address it listens on.
    public let host: String
    /// The port it listens on.
    public let port: Int

    /// Describes an emulator already serving on `host`:`port` (as ``withCozeEmulator(_:logger:isolation:_:)``
    /// hands it to its body; useful when running ``CozeEmulator/run(host:port:onListening:)`` yourself).
    public init(emulator: CozeEmulator, host: String, port: Int) {
        self.emulator = emulator
        self.host = host
        self.port = port
    }

    /// The base URL to give a client: `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// The `aud` the emulator requires (with any `{port}` placeholder resolved).
    public var audience: String { emulator.audience }

    /// A copy of the emulator's counters.
    public var stats: EmulatorStats { emulator.stats }

    /// Replaces the faults still to inject.
    public func setFaults(_ faults: EmulatorFaults) { emulator.setFaults(faults) }
}

/// Starts an emulator on an ephemeral loopback port, runs `body`, and shuts the server down whether
/// `body` returns or throws.
///
/// ```swift
/// try await withCozeEmulator(configuration) { emulator in
///     let token = try await provider(baseURL: emulator.baseURL).fetchToken(.init())
///     #expect(emulator.stats.tokensIssued == 1)
/// }
/// ```
///
/// - Parameters:
///   - configuration: what the emulator accepts.
///   - logger: the emulator's logger (see ``CozeEmulator/init(configuration:logger:)``); default discards.
///   - body: runs while the emulator serves; its result is returned.
/// - Throws: what `body` throws; ``CozeEmulatorError`` (`.serverFailed`) when the server stops before
///   it listens (with the cause as `underlying`).
public func withCozeEmulator<T: Sendable>(
    _ configuration: CozeEmulatorConfiguration,
    logger: Logger = Logger(label: "CozeEmulator", factory: { _ in SwiftLogNoOpLogHandler() }),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RunningCozeEmulator) async throws -> T
) async throws -> T {
    let emulator = CozeEmulator(configuration: configuration, logger: logger)
    let host = "127.0.0.1"
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await emulator.run(host: host, port: 0) { port in portContinuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let failure: (any Error)?
            do {
                try await group.next()
                failure = nil
            } catch let error as CozeEmulatorError {
                throw error
            } catch {
                failure = error
            }
            throw CozeEmulatorError(
                .serverFailed,
                "the Coze emulator stopped before listening on \(host)" + (failure.map { ": \($0)" } ?? ""),
                underlying: failure
            )
        }
        defer { group.cancelAll() }
        return try await body(RunningCozeEmulator(emulator: emulator, host: host, port: port))
    }
}
