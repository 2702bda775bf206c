import Hummingbird

/// Hummingbird's request context plus the request's `X-Tt-Logid`.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The ID sent back in `X-Tt-Logid` (and in error bodies' `detail.logid`).
    var logID = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
