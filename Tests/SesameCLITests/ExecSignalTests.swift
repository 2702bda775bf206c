import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("sesame exec: the command starts with default signal handling")
struct ExecSignalTests {
    @Test("the command starts with no blocked signal and neither SIGPIPE nor SIGTERM ignored")
    func cleanSignalState() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--", "sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"])
            #expect(result.status == 0, "\(result.stderr)")
            try ExecSignalTests.expectDefaultSignals(result.stdout)
        }
    }

    /// Checks `/proc/self/status`'s `SigBlk` and `SigIgn` lines as the command printed them.
    static func expectDefaultSignals(_ status: String) throws {
        let lines = status.split(separator: "\n").map(String.init)
        let blocked = try #require(lines.first { $0.hasPrefix("SigBlk:") })
        #expect(blocked.hasSuffix("0000000000000000"), "\(blocked)")
        let ignored = try #require(lines.first { $0.hasPrefix("SigIgn:") })
        let mask = try #require(UInt64(ignored.split(separator: "\t").last ?? "", radix: 16))
        #expect(mask & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SIGPIPE ignored: \(ignored)")
        #expect(mask & (1 << (UInt64(SIGTERM) - 1)) == 0, "SIGTERM ignored: \(ignored)")
    }
}
