import CozeEmulator
import Foundation
import SesameTestSupport
import Sesame
import Testing

@Suite("sesame token / jwt / exec against the emulator")
struct TokenCommandTests {
    @Test("sesame token prints the token alone on stdout and nothing on stderr")
    func printsToken() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            let token = result.stdout.trimmingCharacters(in: .newlines)
            #expect(token.hasPrefix("czs_"))
            #expect(result.stdout == token + "\n")
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("sesame token --json prints provider, access_token, token_type Bearer and expires_at in RFC 3339 UTC")
    func printsJSON() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let before = Date().timeIntervalSince1970.rounded(.down)
            let result = try await SesameBinary.run(["token", "coze-cn", "--config", config, "--json", "--session", "user-42", "--lifetime", "1200"])
            let after = Date().timeIntervalSince1970.rounded(.up)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
            #expect(object["provider"] == "coze-cn")
            #expect(object["token_type"] == "Bearer")
            #expect(object["access_token"]?.hasPrefix("czs_") == true)
            let expiresAt = try #require(object["expires_at"])
            #expect(expiresAt.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil)
            let expiry = try Date(expiresAt, strategy: .iso8601)
            #expect((before + 1200...after + 1200).contains(expiry.timeIntervalSince1970))
        }
    }

    @Test("SESAME_CONFIG names the registry when --config is absent")
    func configFromEnvironment() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, name: "elsewhere.json")
            let result = try await SesameBinary.run(["token", "coze-cn"], environment: ["SESAME_CONFIG": config], removing: [])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("czs_"))
        }
    }

    @Test("a rejected JWT fails with one stderr message carrying Coze's code and log ID, nothing on stdout")
    func rejectedCredentials() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, keyID: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("sesame: coze-cn: "))
            #expect(result.stderr.contains("invalid_client"))
            #expect(result.stderr.contains("logid"))
            #expect(result.stderr.contains("sesame doctor coze-cn"))
            #expect(!result.stderr.contains("eyJ"), "no JWT in the message")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("transient failures are retried by the CLI too: two 500s, then a token")
    func retries() async throws {
        let fixture = try await CLIFixture.make()
        var configuration = fixture.emulator()
        configuration.faults.failFirst = 2
        try await withCozeEmulator(configuration) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["token", "coze-cn", "--config", config])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(emulator.stats.tokenRequests == 3)
        }
    }

    @Test("an unknown provider name fails with a did-you-mean and the list of providers")
    func unknownProvider() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let result = try await SesameBinary.run(["token", "coze-c", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no provider \"coze-c\""))
        #expect(result.stderr.contains("did you mean \"coze-cn\"?"))
    }

    @Test("a missing registry file fails with the ways to name one")
    func missingRegistry() async throws {
        let result = try await SesameBinary.run(["token", "coze-cn", "--config", "/nonexistent/providers.json"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("does not exist"))
        #expect(result.stderr.contains("SESAME_CONFIG"))
    }

    @Test("sesame jwt --decode prints the JWT, then its header and claims as JSON")
    func jwtDecode() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let result = try await SesameBinary.run(["jwt", "coze-cn", "--config", config, "--decode", "--session", "user-7"])
        #expect(result.status == 0, "\(result.stderr)")
        let firstLine = try #require(result.stdout.split(separator: "\n").first)
        let parts = try JWS.parse(String(firstLine))
        #expect(parts.isSigned(by: fixture.key.publicKey))
        #expect(result.stdout.contains("\"kid\" : \"\(fixture.keyID)\""))
        #expect(result.stdout.contains("\"session_name\" : \"user-7\""))
        #expect(result.stdout.contains("\"aud\" : \"api.coze.cn\""))
    }

    @Test("sesame exec runs the command with the token in COZE_API_TOKEN, or in --env")
    func exec() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--", "sh", "-c", "echo \"$COZE_API_TOKEN\"; exit 3"])
            #expect(result.status == 3, "the command's exit status is passed on")
            #expect(result.stdout.hasPrefix("czs_"))
            let custom = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--env", "MY_TOKEN", "--", "sh", "-c", "echo \"$MY_TOKEN\""])
            #expect(custom.stdout.hasPrefix("czs_"))
        }
    }

    @Test("sesame exec without a command explains the -- form")
    func execWithoutCommand() async throws {
        let result = try await SesameBinary.run(["exec", "coze-cn"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("sesame exec coze-cn -- CMD ARGS"))
    }
}
