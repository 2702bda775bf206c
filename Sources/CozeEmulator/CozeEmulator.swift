import Foundation
import Logging

/// A local, faithful implementation of Coze's OAuth JWT token endpoint, for tests, demos and CI.
///
/// It holds the emulator's state (registered apps, used `jti` values, issued tokens, counters and
/// faults), safe to use from any thread; ``run(host:port:onListening:)`` serves it over HTTP/1.1.
/// Routes: `POST /api/permission/oauth2/token`, `POST /api/permission/oauth2/account/{account_id}/token`,
/// `POST /api/permission/oauth2/enterprise_id/{enterprise_id}/token`, `GET /v1/workspaces`,
/// `GET /__emulator/stats`, `GET /__emulator/faults`, `POST /__emulator/faults` and
/// `POST /__emulator/revoke` (every issued token refused from then on). Every answer
/// carries an `X-Tt-Logid` header. Tokens and JWTs are never logged.
public final class CozeEmulator: Sendable {
    /// The configuration the emulator was created with (its faults are the initial ones).
    public let configuration: CozeEmulatorConfiguration
    let logger: Logger
    let recorder = StatsRecorder()
    let faultInjector: FaultInjector
    let replayGuard = ReplayGuard()
    let ledger = TokenLedger()
    let verifier: JWTVerifier
    let boundPort: BoundPort

    /// Creates an emulator; nothing is served until ``run(host:port:onListening:)``.
    ///
    /// - Parameters:
    ///   - configuration: apps, region, faults and clock. Apps sharing an ID are merged (keys pooled).
    ///   - logger: receives one line per token request (outcome, error code, log ID; never a token or
    ///     JWT) and Hummingbird's server messages. Default: discards everything.
    public init(configuration: CozeEmulatorConfiguration, logger: Logger = Logger(label: "CozeEmulator", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        self.logger = logger
        self.faultInjector = FaultInjector(Self.clamped(configuration.faults))
        let boundPort = BoundPort(audienceTemplate: configuration.effectiveAudience)
        self.boundPort = boundPort
        self.verifier = JWTVerifier(
            apps: AppRegistry(configuration.apps),
            audience: { boundPort.audience },
            leeway: max(0, configuration.clockLeeway)
        )
    }

    /// The `aud` every JWT must carry: the configuration's ``CozeEmulatorConfiguration/effectiveAudience``,
    /// with `{port}` replaced by the bound port once the server listens.
    public var audience: String { verifier.audience() }

    /// A copy of the counters.
    public var stats: EmulatorStats { recorder.snapshot }

    /// The faults still to inject (counters decrease as they are used).
    public var faults: EmulatorFaults { faultInjector.current }

    /// Replaces the faults still to inject; negative values count as 0. Takes effect for the next request.
    public func setFaults(_ faults: EmulatorFaults) {
        faultInjector.replace(with: Self.clamped(faults))
    }

    /// Makes every token issued so far invalid before its expiry: the protected API refuses it with
    /// `{"code": 4100}` from now on, as Coze does with a revoked token.
    ///
    /// - Returns: how many unexpired tokens were revoked.
    @discardableResult
    public func revokeAllTokens() -> Int {
        let count = ledger.revokeAll(now: Int(configuration.now().timeIntervalSince1970.rounded(.down)))
        recorder.countRevoked(count)
        return count
    }

    /// How many used `jti` values are remembered (they are forgotten once their JWT has expired).
    package var rememberedJTICount: Int { replayGuard.count }

    /// How many issued, unexpired tokens are remembered.
    package var rememberedTokenCount: Int { ledger.count }

    private static func clamped(_ faults: EmulatorFaults) -> EmulatorFaults {
        EmulatorFaults(
            failFirst: max(0, faults.failFirst),
            throttleFirst: max(0, faults.throttleFirst),
            dropFirst: max(0, faults.dropFirst),
            latencyMilliseconds: max(0, faults.latencyMilliseconds)
        )
    }
}
