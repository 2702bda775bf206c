import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("sesame exec: the command gets the token, not what it was made from")
struct ExecIsolationTests {
    @Test("a private key read from an env store is not in the command's environment, other variables are, and no descriptor of sesame's is open", arguments: [false, true])
    func keyVariableIsRemoved(serve: Bool) async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.write("""
            { "version": 1,
              "keyStores": { "env": { "type": "env" } },
              "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "baseURL": "\(emulator.baseURL)",
                "appId": "\(fixture.appID)", "keyId": "\(fixture.keyID)", "privateKey": { "store": "env", "name": "SESAME_TEST_PRIVATE_KEY" } } } }
            """, to: "env-providers.json")
            let pem = String(decoding: try fixture.key.pem().withUnsafeBytes { Array($0) }, as: UTF8.self)
            let script = #"echo "key=${SESAME_TEST_PRIVATE_KEY:-unset}"; echo "other=${SESAME_TEST_OTHER:-unset}"; echo "token=${COZE_API_TOKEN:+set}"; echo "fds=$(ls /proc/self/fd | wc -l)""#
            let result = try await SesameBinary.run(
                ["exec", "coze-cn", "--config", config] + (serve ? ["--serve"] : []) + ["--", "sh", "-c", script],
                environment: ["SESAME_TEST_PRIVATE_KEY": pem, "SESAME_TEST_OTHER": "kept"]
            )
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("key=unset"), "\(lines) \(result.stderr)")
            #expect(lines.contains("other=kept"))
            #expect(lines.contains("token=set"))
            // stdin, stdout, stderr and the one `ls` opens to read /proc/self/fd.
            #expect(lines.contains { $0.replacingOccurrences(of: " ", with: "") == "fds=4" }, "\(lines)")
            #expect(!result.stdout.contains("PRIVATE KEY"))
        }
    }
}
