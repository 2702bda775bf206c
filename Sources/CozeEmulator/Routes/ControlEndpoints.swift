import Hummingbird
import SesameCore

/// `/__emulator/...`: the emulator's own counters and fault controls.
struct ControlEndpoints: Sendable {
    let stats: StatsRecorder
    let faults: FaultInjector

    /// `GET /__emulator/stats`: ``EmulatorStats`` as JSON.
    func statistics() -> Response {
        JSONResponse.make(stats.snapshot)
    }

    /// `GET /__emulator/faults`: the faults left, as JSON.
    func currentFaults() -> Response {
        JSONResponse.make(faults.current)
    }

    /// `POST /__emulator/faults`: replaces the faults with the JSON body (absent keys 0, unknown keys
    /// refused) and answers the new faults.
    func replaceFaults(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try? await request.collectBody(upTo: 64 * 1024)
        let parsed = body.flatMap { JSONValue.parse(Array(buffer: $0)) }
        do {
            guard let parsed else {
                throw CozeEmulatorError(.invalidConfiguration, "the body must be a JSON object such as {\"failFirst\": 1}")
            }
            let new = try ConfigurationFileReader.faults(from: parsed)
            faults.replace(with: new)
            return JSONResponse.make(new)
        } catch let error as CozeEmulatorError {
            return JSONResponse.oauthError(.invalidRequest("invalid request: faults: \(error.message)"), logID: context.logID)
        }
    }
}
