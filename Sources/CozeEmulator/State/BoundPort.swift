import Foundation
import Synchronization

/// The port the server bound, once it listens, and the `aud` it resolves (a `{port}` in the
/// configured audience is replaced once, when the port is known, not on every token request).
final class BoundPort: Sendable {
    private struct State: Sendable {
        var port: Int?
        var audience: String
    }

    private let template: String
    private let state: Mutex<State>

    /// Starts unbound; `audienceTemplate` is the configured `aud`, possibly naming `{port}`.
    init(audienceTemplate: String) {
        template = audienceTemplate
        state = Mutex(State(port: nil, audience: audienceTemplate))
    }

    /// The bound port, or `nil` before the server listens.
    var value: Int? { state.withLock { $0.port } }

    /// The `aud` to require: the template, with `{port}` replaced once the server listens.
    var audience: String { state.withLock { $0.audience } }

    /// Records the bound port.
    func set(_ value: Int) {
        let resolved = template.replacingOccurrences(of: "{port}", with: String(value))
        state.withLock { $0 = State(port: value, audience: resolved) }
    }
}
