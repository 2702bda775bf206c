import Foundation

/// What an emulator accepts: its region (and so the `aud` it requires), apps and their keys, the
/// account and enterprise IDs of the other token paths, faults to inject, and its clock.
public struct CozeEmulatorConfiguration: Sendable {
    /// The region emulated; sets the required `aud` unless ``audience`` overrides it. Default `.cn`.
    public var region: EmulatedRegion
    /// The `aud` to require instead of the region's, e.g. `127.0.0.1:8080` for coze-py, which derives
    /// `aud` from its base URL's host. `{port}` in it is replaced by the port bound at start-up
    /// (`127.0.0.1:{port}` serves coze-py on an ephemeral port). `nil` or empty: the region's audience.
    public var audience: String?
    /// The registered apps (the JWT's `iss` must be one of their IDs).
    public var apps: [EmulatedApp]
    /// Account IDs accepted on `/api/permission/oauth2/account/{account_id}/token`.
    public var accounts: Set<String>
    /// Enterprise IDs accepted on `/api/permission/oauth2/enterprise_id/{enterprise_id}/token`.
    public var enterprises: Set<String>
    /// The faults injected from the start; change them later with ``CozeEmulator/setFaults(_:)``.
    public var faults: EmulatorFaults
    /// Seconds of clock skew tolerated on `iat` (future) and `exp` (past). Default 60.
    public var clockLeeway: Int
    /// The HTTP status of the protected API's `{"code": 4100}` answer: 401 (default) or 200, as some
    /// of Coze's APIs answer, to test both ways a client must recognise a refused token.
    public var apiRefusalStatus: Int
    /// The emulator's clock; inject one in tests to expire tokens without sleeping.
    public var now: @Sendable () -> Date
    /// Connections, time-outs and header size allowed to clients.
    public var connectionLimits = EmulatorConnectionLimits()

    /// Creates a configuration; the defaults emulate `cn` with no apps and no faults.
    public init(
        region: EmulatedRegion = .cn,
        audience: String? = nil,
        apps: [EmulatedApp] = [],
        accounts: Set<String> = [],
        enterprises: Set<String> = [],
        faults: EmulatorFaults = EmulatorFaults(),
        clockLeeway: Int = 60,
        apiRefusalStatus: Int = 401,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.audience = audience
        self.apps = apps
        self.accounts = accounts
        self.enterprises = enterprises
        self.faults = faults
        self.clockLeeway = clockLeeway
        self.apiRefusalStatus = apiRefusalStatus
        self.now = now
    }

    /// The `aud` every JWT must carry: ``audience`` when set and not empty, else the region's
    /// (a `{port}` placeholder is resolved by the running emulator: see ``CozeEmulator/audience``).
    public var effectiveAudience: String {
        if let audience, !audience.isEmpty { return audience }
        return region.audience
    }
}
