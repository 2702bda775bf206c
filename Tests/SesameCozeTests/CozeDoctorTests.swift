import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("CozeDoctor: each cause of a 401, produced for real against the emulator")
struct CozeDoctorTests {
    private func check(_ diagnosis: Diagnosis, _ id: String) throws -> DiagnosisCheck {
        try #require(diagnosis.checks.first { $0.id == id }, "no \(id) check in:\n\(diagnosis)")
    }

    @Test("a correct configuration passes every check")
    func healthy() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL)
            let diagnosis = await CozeDoctor().diagnose(provider, uploadedPublicKey: app.key.publicKey.pem)
            #expect(diagnosis.isHealthy, "\(diagnosis)")
            #expect(try check(diagnosis, "exchange").status == .pass)
            #expect(try check(diagnosis, "key-pair").status == .pass)
            #expect(try check(diagnosis, "thumbprint").status == .pass)
            #expect(try check(diagnosis, "clock").status == .pass)
            #expect(!diagnosis.checks.contains { $0.status == .fail })
        }
    }

    @Test("an app of the other region: the exchange fails, and the other region's audience is accepted")
    func regionMismatch() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.region = .com
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, region: .cn)
            let diagnosis = await CozeDoctor().diagnose(provider)
            #expect(!diagnosis.isHealthy)
            #expect(try check(diagnosis, "exchange").status == .fail)
            let other = try check(diagnosis, "other-region")
            #expect(other.status == .fail)
            #expect(other.message.contains("belongs to coze.com"))
            #expect(other.remedy == "set \"region\": \"com\" for this provider")
        }
    }

    @Test("a .cn audience sent to a .com host is caught offline")
    func audienceHostMismatchOffline() async throws {
        let app = try await TestApp.make()
        let provider = try ProviderFixture.provider(for: app, baseURL: "https://api.coze.com", region: .cn)
        let diagnosis = await CozeDoctor().diagnose(provider, offline: true)
        let region = try check(diagnosis, "region")
        #expect(region.status == .fail)
        #expect(region.message.contains("api.coze.cn"))
        #expect(region.message.contains("api.coze.com"))
        #expect(!diagnosis.checks.contains { $0.id == "exchange" }, "offline makes no request")
    }

    @Test("a bot ID pasted as the app ID is flagged, and the server rejects the unknown app")
    func botIDAsAppID() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let impostor = TestApp(appID: "7428933120963401234", key: app.key)
            let provider = try ProviderFixture.provider(for: impostor, baseURL: emulator.baseURL)
            let diagnosis = await CozeDoctor().diagnose(provider)
            let appID = try check(diagnosis, "app-id")
            #expect(appID.status == .warning)
            #expect(appID.message.contains("bot, workspace or account ID"))
            #expect(try check(diagnosis, "exchange").status == .fail)
        }
    }

    @Test("the app ID pasted as the key ID fails the key ID check; an unregistered kid fails the exchange")
    func wrongKeyID() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let sameAsApp = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, keyID: app.appID)
            let first = await CozeDoctor().diagnose(sameAsApp, offline: true)
            #expect(try check(first, "key-id").message == "key ID equals the app ID")

            let unregistered = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, keyID: String(repeating: "A", count: 43))
            let second = await CozeDoctor().diagnose(unregistered)
            #expect(try check(second, "key-id").status == .pass, "the shape is right")
            #expect(try check(second, "thumbprint").status == .info)
            let exchange = try check(second, "exchange")
            #expect(exchange.status == .fail)
            #expect(exchange.message.contains("invalid_client"))
        }
    }

    @Test("a private key that does not match the uploaded public key is named as such")
    func keyPairMismatch() async throws {
        let app = try await TestApp.make()
        let other = try await TestKeys.shared(1)
        let provider = try ProviderFixture.provider(for: app, baseURL: "http://127.0.0.1:9")
        let diagnosis = await CozeDoctor().diagnose(provider, uploadedPublicKey: other.publicKey.pem, offline: true)
        let pair = try check(diagnosis, "key-pair")
        #expect(pair.status == .fail)
        #expect(pair.message.contains("does not match the uploaded public key"))
        #expect(pair.remedy?.contains("sesame keys inspect") == true)
    }

    @Test("a disabled app is reported with the remedy to enable it")
    func disabledApp() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated(enabled: false)]
        try await withCozeEmulator(configuration) { emulator in
            let diagnosis = await CozeDoctor().diagnose(try ProviderFixture.provider(for: app, baseURL: emulator.baseURL))
            let exchange = try check(diagnosis, "exchange")
            #expect(exchange.status == .fail)
            #expect(exchange.message.contains("access_deny"))
            #expect(exchange.message.contains("enable the app"))
        }
    }

    @Test("a local clock minutes ahead fails the clock check")
    func clockSkew() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let skewed: @Sendable () -> Date = { Date().addingTimeInterval(600) }
            let base = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL)
            let provider = CozeJWTProvider(name: "coze-test", configuration: base.configuration, now: skewed)
            let diagnosis = await CozeDoctor(now: skewed).diagnose(provider)
            let clock = try check(diagnosis, "clock")
            #expect(clock.status == .fail)
            #expect(clock.message.contains("ahead of the server"))
            #expect(try check(diagnosis, "exchange").status == .fail, "the emulator rejects an iat in the future")
        }
    }

    @Test("a key below 2048 bits fails the private key check")
    func smallKey() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/small.pem"
        try await OpenSSLCLI.succeed(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path])
        let store = MemoryKeyStore(secrets: ["key": SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: path)))])
        let provider = CozeJWTProvider(name: "small", configuration: CozeJWTConfiguration(
            appID: "1133483935040", keyID: String(repeating: "B", count: 43),
            privateKey: KeyReference(storeName: "memory", name: "key", store: store)
        ))
        let diagnosis = await CozeDoctor().diagnose(provider, offline: true)
        let key = try check(diagnosis, "private-key")
        #expect(key.status == .fail)
        #expect(key.message.contains("1024 bits is too small"))
    }

    @Test("the decoded JWT is shown with every claim and no signature")
    func jwtLine() async throws {
        let app = try await TestApp.make()
        let diagnosis = await CozeDoctor().diagnose(try ProviderFixture.provider(for: app, baseURL: "http://127.0.0.1:9"), offline: true)
        let jwt = try check(diagnosis, "jwt")
        #expect(jwt.status == .pass)
        #expect(jwt.message.contains("iss \(app.appID)"))
        #expect(jwt.message.contains("aud api.coze.cn"))
        #expect(jwt.message.contains("jti 43 chars"))
        #expect(!jwt.message.contains("eyJ"))
    }
}
