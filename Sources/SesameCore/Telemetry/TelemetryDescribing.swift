/// A provider that describes itself in spans with attributes of its own, such as its region.
///
/// Values must never be secret: they go to tracing backends as they are.
public protocol TelemetryDescribing: Sendable {
    /// Attributes added to the spans of this provider's exchanges and authorised calls, e.g.
    /// `["coze.region": "cn"]`.
    var telemetryAttributes: [String: String] { get }
}
