import CozeEmulator
import Logging
import ServiceLifecycle

/// `sesame emulator`'s server as a service: SIGTERM or SIGINT stops it gently.
///
/// On either signal the emulator stops accepting connections, answers the requests in progress and
/// exits 0; requests still unanswered after ``drainTime`` are abandoned (their connections closed).
struct EmulatorService: Service {
    /// How long requests in progress may take to finish after SIGTERM or SIGINT.
    static let drainTime = Duration.seconds(10)

    let emulator: CozeEmulator
    let host: String
    let port: Int
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        try await emulator.run(host: host, port: port, onListening: onListening)
    }

    /// Runs until SIGTERM or SIGINT, then drains (at most ``drainTime``) and returns.
    func runUntilSignalled() async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: self)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "sesame.emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        configuration.maximumGracefulShutdownDuration = Self.drainTime
        try await ServiceGroup(configuration: configuration).run()
    }
}
