@testable import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("Used jti values and issued tokens are forgotten once expired")
struct ReplayGuardTests {
    @Test("a jti is refused until its deadline passes, then forgotten")
    func guardForgets() {
        let replay = ReplayGuard()
        #expect(replay.use("a", until: 100, now: 0))
        #expect(!replay.use("a", until: 100, now: 50))
        #expect(replay.use("b", until: 200, now: 60))
        #expect(replay.count == 2)
        #expect(replay.use("c", until: 300, now: 150))
        #expect(replay.count == 2, "a expired at 100 and was pruned")
        #expect(replay.use("a", until: 400, now: 160))
    }

    @Test("the expiry heap pops deadlines in order")
    func heapOrder() {
        var heap = ExpiryHeap<String>()
        for deadline in [50, 10, 40, 20, 30, 60] { heap.insert("k\(deadline)", deadline: deadline) }
        #expect(heap.popExpired(before: 35) == ["k10", "k20", "k30"])
        #expect(heap.count == 3)
        #expect(heap.popExpired(before: 100) == ["k40", "k50", "k60"])
    }

    @Test("an issued token's ID gives back its exact text, and no other text finds it")
    func issuedTokenID() throws {
        let id = IssuedTokenID.random()
        let token = id.token
        #expect(token.hasPrefix("czs_") && token.utf8.count == 47)
        #expect(IssuedTokenID(token: token) == id)
        // The last of 43 base64url characters carries 4 bits of the 32 bytes and 2 spare bits:
        // flipping a spare bit gives another text for the same bytes.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let spare = alphabet[alphabet.firstIndex(of: token.last!)! ^ 1]
        for variant in [token + "=", "CZS_" + token.dropFirst(4), String(token.dropLast()), " " + token, String(token.dropLast()) + String(spare)] {
            #expect(IssuedTokenID(token: variant) == nil, "\(variant)")
        }
    }

    @Test("many token requests with short-lived JWTs leave memory bounded once the clock moves on")
    func boundedMemory() async throws {
        let clock = TestClock()
        try await withCozeEmulator(try Fixture.configuration(clock: clock)) { emulator in
            for _ in 0..<20 {
                let jwt = try Fixture.normalJWT(now: clock.now) { $0.claims["exp"] = Int(clock.now.timeIntervalSince1970) + 5 }
                var body = Fixture.body
                body["duration_seconds"] = 10
                do {
                    let answer = try await Fixture.requestToken(emulator, jwt: jwt, body: body)
                    #expect(answer.status == 200)
                }
            }
            #expect(emulator.emulator.rememberedJTICount == 20)
            #expect(emulator.emulator.rememberedTokenCount == 20)
            clock.advance(by: 5 + 60 + 1)
            do {
                let answer = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT(now: clock.now))
                #expect(answer.status == 200)
            }
            #expect(emulator.emulator.rememberedJTICount == 1)
            #expect(emulator.emulator.rememberedTokenCount == 1)
        }
    }
}
