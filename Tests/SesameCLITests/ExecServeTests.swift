import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("sesame exec --serve: fresh tokens for a long job, signals passed on, the child's status kept")
struct ExecServeTests {
    /// The child's side, as the README shows it: fetch a token from $SESAME_TOKEN_URL, and probe the
    /// refusals; prints one JSON object.
    private static let childScript = """
    import json, os, sys, time, urllib.request, urllib.error
    url, auth = os.environ["SESAME_TOKEN_URL"], os.environ["SESAME_TOKEN_AUTH"]
    def get(headers, method="GET", path=None):
        request = urllib.request.Request(path or url, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request) as answer:
                return [answer.status, json.load(answer)]
        except urllib.error.HTTPError as error:
            return [error.code, json.load(error)]
    bearer = {"Authorization": "Bearer " + auth}
    out = {"env": os.environ["COZE_API_TOKEN"], "auth": auth}
    out["first"] = get(bearer)
    out["noSecret"] = get({})
    out["wrongSecret"] = get({"Authorization": "Bearer " + auth[:-1] + ("A" if auth[-1] != "A" else "B")})
    out["post"] = get(bearer, method="POST")
    out["otherPath"] = get(bearer, path=url.replace("/token", "/other"))
    time.sleep(float(sys.argv[1]))
    out["later"] = get(bearer)
    print(json.dumps(out))
    """

    @Test("the child gets a new token after the first one's refresh point, and every request without the secret gets 401 and no token")
    func servesFreshTokens() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            // 6-second tokens stop being served 1.5 s before their expiry; the child asks again after 5 s.
            let result = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--lifetime", "6", "--serve", "--", "python3", "-c", Self.childScript, "5"])
            #expect(result.status == 0, "\(result.stderr)")
            let out = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let first = try #require(out["first"] as? [Any])
            let firstToken = try #require((first[1] as? [String: String])?["access_token"])
            #expect(first[0] as? Int == 200)
            #expect(firstToken == out["env"] as? String)
            #expect((first[1] as? [String: String])?["token_type"] == "Bearer")
            for probe in ["noSecret", "wrongSecret", "post", "otherPath"] {
                let answer = try #require(out[probe] as? [Any], "\(probe)")
                #expect(answer[0] as? Int == 401, "\(probe)")
                #expect((answer[1] as? [String: String])?["access_token"] == nil, "\(probe)")
            }
            let later = try #require(out["later"] as? [Any])
            #expect(later[0] as? Int == 200)
            let laterToken = try #require((later[1] as? [String: String])?["access_token"])
            #expect(laterToken != firstToken)
            #expect(emulator.stats.tokensIssued == 2)
            let secret = try #require(out["auth"] as? String)
            #expect(secret.count >= 43)
            #expect(!result.stdout.contains(secret) || result.stdout.components(separatedBy: secret).count == 2)
            #expect(!result.stderr.contains(firstToken))
        }
    }

    @Test("SIGTERM sent to sesame reaches the child, and sesame exits with the child's status")
    func forwardsSIGTERM() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try SesameBinary.built.checkedPath())
            process.arguments = ["exec", "coze-cn", "--config", config, "--serve", "--", "sh", "-c", "trap 'exit 42' TERM; echo ready; while :; do sleep 0.05; done"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.runIsolated()
            let ready = await offPool { output.fileHandleForReading.availableData }
            #expect(String(decoding: ready, as: UTF8.self).contains("ready"))
            process.terminate()
            await offPool { process.waitUntilExit() }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 42)
        }
    }

    @Test("a child that dies of a signal makes sesame exit 128+N; a missing command exits 127 with the fix")
    func childStatus() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let killed = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "sh", "-c", "kill -KILL $$"])
            #expect(killed.status == 137)
            let exited = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "sh", "-c", "exit 7"])
            #expect(exited.status == 7)
            let missing = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "no-such-command-here"])
            #expect(missing.status == 127)
            #expect(missing.stderr.contains("cannot run no-such-command-here"))
            #expect(missing.stdout.isEmpty)
        }
    }

    @Test("the command starts with default signal handling and no descriptor of sesame's but 0, 1 and 2")
    func cleanProcessState() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let script = "grep -E '^Sig(Blk|Ign)' /proc/self/status; ls /proc/self/fd | wc -l"
            let result = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "sh", "-c", script])
            #expect(result.status == 0, "\(result.stderr)")
            try ExecSignalTests.expectDefaultSignals(result.stdout)
            // stdin, stdout, stderr and the descriptor `ls` opens to read /proc/self/fd.
            let descriptors = result.stdout.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces)
            #expect(descriptors == "4", "\(result.stdout)")
        }
    }
}
