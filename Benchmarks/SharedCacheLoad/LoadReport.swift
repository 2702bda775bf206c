/// What one `SharedCacheLoad` process measured, printed as one line of JSON.
struct LoadReport: Encodable {
    /// When the harness's start line arrived (Unix time, seconds): the callers started then.
    let goSeconds: Double
    /// When the last caller had its answer (Unix time, seconds).
    let endSeconds: Double
    /// Each successful caller's wait for its token, in microseconds.
    let latenciesMicroseconds: [Double]
    /// Each failed caller's error.
    let errors: [String]
    /// Warnings the broker logged (a shared cache falling back to a local exchange says why).
    let warnings: [String]
}
