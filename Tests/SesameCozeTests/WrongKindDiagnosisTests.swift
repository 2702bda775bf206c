import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

/// `CozeDoctor` names the wrong kind of value, wherever it came from (a registry, the SDKs'
/// variables), with what belongs there.
@Suite("CozeDoctor: a value of the wrong kind is named")
struct WrongKindDiagnosisTests {
    private func check(_ diagnosis: Diagnosis, _ id: String) throws -> DiagnosisCheck {
        try #require(diagnosis.checks.first { $0.id == id }, "no \(id) check in:\n\(diagnosis)")
    }

    /// A provider built in environment-only mode from `variables`.
    private func provider(_ variables: [String: String]) throws -> CozeJWTProvider {
        let loaded = try Registry.fromCozeEnvironment(context: RegistryContext(environment: { variables[$0] }))
        return try #require(try loaded.registry.provider(named: "coze").provider as? CozeJWTProvider)
    }

    private func variables(_ app: TestApp, key: String, variable: String = "COZE_JWT_OAUTH_PRIVATE_KEY", appID: String? = nil, keyID: String? = nil, base: String? = nil) -> [String: String] {
        var result = ["COZE_JWT_OAUTH_CLIENT_ID": appID ?? app.appID, "COZE_JWT_OAUTH_PUBLIC_KEY_ID": keyID ?? app.keyID, variable: key]
        result["COZE_API_BASE"] = base
        return result
    }

    private func pem(_ app: TestApp) throws -> String {
        try app.key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a public key where the private key belongs")
    func publicKeyForPrivate() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: app.key.publicKey.pem)), offline: true)
        let key = try check(diagnosis, "private-key")
        #expect(key.status == .fail)
        #expect(key.message.contains("a public key"))
        #expect(key.message.contains("env:COZE_JWT_OAUTH_PRIVATE_KEY"))
        #expect(key.remedy?.contains("private") == true)
    }

    @Test("base64 that decodes to something other than a PEM")
    func base64NotPEM() async throws {
        let app = try await TestApp.make()
        let der = Data((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: der, variable: "COZE_JWT_OAUTH_PRIVATE_KEY_BASE64")), offline: true)
        let key = try check(diagnosis, "private-key")
        #expect(key.status == .fail)
        #expect(key.message.contains("base64 text that decodes to 600 bytes that are not a PEM"))
        #expect(key.remedy?.contains("base64 -w0") == true)
    }

    @Test("the key ID pasted where the private key belongs")
    func keyIDForPrivateKey() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: app.keyID)), offline: true)
        let key = try check(diagnosis, "private-key")
        #expect(key.status == .fail)
        #expect(key.message.contains("a key ID"))
    }

    @Test("a key ID pasted as the app ID, and the app ID pasted as the key ID")
    func swappedIDs() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: try pem(app), appID: app.keyID, keyID: app.appID)), offline: true)
        let appID = try check(diagnosis, "app-id")
        #expect(appID.status == .fail)
        #expect(appID.message.contains("a key ID"))
        let keyID = try check(diagnosis, "key-id")
        #expect(keyID.status == .fail)
        #expect(keyID.message.contains("looks like an app or bot ID"))
    }

    @Test("a bot or workspace ID pasted as the app ID")
    func botIDAsAppID() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: try pem(app), appID: "7428933120963401234")), offline: true)
        let appID = try check(diagnosis, "app-id")
        #expect(appID.status != .pass)
        #expect(appID.message.contains("bot, workspace or account ID"))
    }

    @Test("coze_www_base given as the API base", arguments: ["https://www.coze.cn", "https://www.coze.com/", "https://coze.cn"])
    func websiteAsAPIBase(base: String) async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: try pem(app), base: base)), offline: true)
        let check = try check(diagnosis, "api-base")
        #expect(check.status == .fail)
        #expect(check.message.contains("website"))
        #expect(check.remedy?.contains("https://api.coze.") == true)
        #expect(!diagnosis.isHealthy)
    }

    @Test("a correct setup has no api-base line and passes offline")
    func healthyHasNoWrongKind() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try provider(variables(app, key: try pem(app), base: "https://api.coze.cn")), offline: true)
        #expect(diagnosis.isHealthy, "\(diagnosis)")
        #expect(!diagnosis.checks.contains { $0.id == "api-base" })
    }
}
