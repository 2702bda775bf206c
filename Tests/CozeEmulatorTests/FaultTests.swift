import CozeEmulator
import Foundation
import Testing

@Suite("Fault injection")
struct FaultTests {
    private func configuration(_ faults: EmulatorFaults) throws -> CozeEmulatorConfiguration {
        var configuration = try Fixture.configuration()
        configuration.faults = faults
        return configuration
    }

    @Test("dropFirst closes the connection without any response, then requests succeed")
    func drop() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(dropFirst: 1))) { emulator in
            await #expect(throws: RawHTTPError.closedWithoutResponse) {
                try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            }
            let next = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(next.status == 200)
            let stats = emulator.stats
            #expect(stats.connectionsDropped == 1)
            #expect(stats.requests == 2)
            #expect(stats.tokenRequests == 2)
            #expect(stats.tokensIssued == 1)
        }
    }

    @Test("a dropped request does not use up its JWT: the client may not have been answered")
    func dropKeepsJTI() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(dropFirst: 1))) { emulator in
            let jwt = try Fixture.normalJWT()
            _ = try? await Fixture.requestToken(emulator, jwt: jwt)
            #expect(emulator.emulator.rememberedJTICount == 0)
        }
    }

    @Test("throttleFirst answers 429 too_many_requests with Retry-After: 1 and a log ID")
    func throttle() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(throttleFirst: 2))) { emulator in
            for _ in 0..<2 {
                let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
                #expect(response.status == 429)
                #expect(response.header("Retry-After") == "1")
                #expect(response.header("X-Tt-Logid")?.isEmpty == false)
                #expect(try response.json()["error_code"] as? String == "too_many_requests")
            }
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 200)
            }
            #expect(emulator.stats.rejections == ["too_many_requests": 2])
        }
    }

    @Test("failFirst answers 500 internal_error")
    func fail() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(failFirst: 1))) { emulator in
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(response.status == 500)
            let json = try response.json()
            #expect(json["error_code"] as? String == "internal_error")
            #expect(json["error"] as? String == "internal_error")
            #expect(response.header("X-Tt-Logid")?.isEmpty == false)
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 200)
            }
        }
    }

    @Test("faults apply in order: drop, then throttle, then fail, then success")
    func order() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(failFirst: 1, throttleFirst: 1, dropFirst: 1))) { emulator in
            await #expect(throws: RawHTTPError.self) { try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT()) }
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 429)
            }
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 500)
            }
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 200)
            }
            #expect(emulator.emulator.faults == EmulatorFaults())
        }
    }

    @Test("faults touch only token requests")
    func onlyTokenRequests() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(failFirst: 1, throttleFirst: 1, dropFirst: 1))) { emulator in
            do {
                let answer = try await Fixture.get(emulator, path: "/__emulator/stats")
                #expect(answer.status == 200)
            }
            do {
                let answer = try await Fixture.get(emulator, path: "/v1/workspaces")
                #expect(answer.status == 401)
            }
            #expect(emulator.emulator.faults == EmulatorFaults(failFirst: 1, throttleFirst: 1, dropFirst: 1))
        }
    }

    @Test("latency delays token answers (lower bound only)")
    func latency() async throws {
        try await withCozeEmulator(try configuration(EmulatorFaults(latencyMilliseconds: 300))) { emulator in
            let jwt = try Fixture.normalJWT()
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(clock.now - start >= .milliseconds(250))
            #expect(response.status == 200)
        }
    }

    @Test("POST /__emulator/faults replaces the faults at run time and answers them")
    func runtimeChange() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let set = try await Fixture.post(emulator, path: "/__emulator/faults", jwt: nil, rawBody: Array(#"{"failFirst": 1}"#.utf8), contentType: "application/json")
            #expect(set.status == 200)
            let answered = try set.json()
            #expect(answered["failFirst"] as? Int == 1)
            #expect(answered["dropFirst"] as? Int == 0)
            #expect(set.header("X-Tt-Logid") != nil)
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 500)
            }
            let current = try await Fixture.get(emulator, path: "/__emulator/faults")
            #expect(try current.json()["failFirst"] as? Int == 0)

            let unknown = try await Fixture.post(emulator, path: "/__emulator/faults", jwt: nil, rawBody: Array(#"{"failFrist": 1}"#.utf8), contentType: "application/json")
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("did you mean \\\"failFirst\\\"") || unknown.text.contains("failFirst"))
            let negative = try await Fixture.post(emulator, path: "/__emulator/faults", jwt: nil, rawBody: Array(#"{"dropFirst": -1}"#.utf8), contentType: "application/json")
            #expect(negative.status == 400)
        }
    }

    @Test("setFaults replaces the faults from code")
    func setFaults() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            emulator.setFaults(EmulatorFaults(throttleFirst: 1))
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 429)
            }
            emulator.emulator.setFaults(EmulatorFaults(failFirst: -3))
            #expect(emulator.emulator.faults == EmulatorFaults())
        }
    }
}
