import CozeEmulator
import Foundation
import SesameTestSupport

/// The apps and IDs most tests register, and helpers to call the emulator over real HTTP.
enum Fixture {
    static let normalAppID = "1127900106117"
    static let channelAppID = "1187365024913"
    static let disabledAppID = "1190000000001"
    static let channelKeyID = "channel-key-1"
    static let account = "7300000000000000001"
    static let enterprise = "7300000000000000002"
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    static let tokenPath = "/api/permission/oauth2/token"

    /// A normal app (key 0 under its thumbprint), a channel app (key 1 under `channel-key-1`) and a
    /// disabled app (key 2), one account and one enterprise.
    static func configuration(clock: TestClock? = nil) throws -> CozeEmulatorConfiguration {
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [
            EmulatedApp(appID: normalAppID, keys: [EmulatedKey(publicKey: try TestKeys.pair(0).publicKey)]),
            EmulatedApp(appID: channelAppID, kind: .channel, keys: [EmulatedKey(keyID: channelKeyID, publicKey: try TestKeys.pair(1).publicKey)]),
            EmulatedApp(appID: disabledAppID, keys: [EmulatedKey(publicKey: try TestKeys.pair(2).publicKey)], enabled: false),
        ]
        configuration.accounts = [account]
        configuration.enterprises = [enterprise]
        if let clock { configuration.now = clock.closure }
        return configuration
    }

    /// A JWT for the normal app, signed with key 0.
    static func normalJWT(now: Date = Date(), _ change: (inout TestJWT) -> Void = { _ in }) throws -> String {
        let key = try TestKeys.pair(0)
        var jwt = TestJWT(kid: key.thumbprint, iss: normalAppID, now: now)
        change(&jwt)
        return try jwt.signed(with: key)
    }

    /// A JWT for the channel app, signed with key 1.
    static func channelJWT(now: Date = Date()) throws -> String {
        try TestJWT(kid: channelKeyID, iss: channelAppID, now: now).signed(with: TestKeys.pair(1))
    }

    /// A well-formed channel scope.
    static var scope: [String: Any] {
        [
            "account_permission": ["permission_list": ["Connector.botChat"]],
            "attribute_constraint": ["connector_bot_chat_attribute": ["bot_id_list": ["7428933120963"]]],
        ]
    }

    /// The default body: the grant type and a duration.
    static var body: [String: Any] { ["grant_type": grantType, "duration_seconds": 900] }

    /// POSTs a token request as the SDKs do (`Content-Type: application/json`, `Authorization: Bearer`).
    static func requestToken(
        _ emulator: RunningCozeEmulator,
        path: String = tokenPath,
        jwt: String?,
        body: [String: Any] = Fixture.body,
        contentType: String? = "application/json"
    ) async throws -> RawHTTPResponse {
        try await post(emulator, path: path, jwt: jwt, rawBody: TestJWT.json(body), contentType: contentType)
    }

    /// Requests a token for the normal app with a fresh JWT and the default body.
    static func requestNormalToken(_ emulator: RunningCozeEmulator) async throws -> RawHTTPResponse {
        try await requestToken(emulator, jwt: try normalJWT())
    }

    /// POSTs `rawBody` with the given headers.
    static func post(
        _ emulator: RunningCozeEmulator,
        path: String = tokenPath,
        jwt: String?,
        rawBody: [UInt8],
        contentType: String?
    ) async throws -> RawHTTPResponse {
        var headers: [(String, String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let jwt { headers.append(("Authorization", "Bearer \(jwt)")) }
        return try await RawHTTPClient.send(port: emulator.port, method: "POST", path: path, headers: headers, body: rawBody)
    }

    /// GETs `path`, with a bearer token when given.
    static func get(_ emulator: RunningCozeEmulator, path: String, bearer: String? = nil) async throws -> RawHTTPResponse {
        let headers = bearer.map { [("Authorization", "Bearer \($0)")] } ?? []
        return try await RawHTTPClient.send(port: emulator.port, method: "GET", path: path, headers: headers)
    }
}
