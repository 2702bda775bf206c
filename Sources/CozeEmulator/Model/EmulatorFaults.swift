/// Faults the emulator injects into token requests, for reliability tests.
///
/// Counters are consumed one per token request, atomically, in this order: a request first takes a
/// ``dropFirst`` unit if any is left (the connection is closed without an answer), else a
/// ``throttleFirst`` unit (429 `too_many_requests` with `Retry-After: 1`), else a ``failFirst`` unit
/// (500 `internal_error`). ``latencyMilliseconds`` delays every token request, faulty or not.
///
/// JSON form (every key optional, default 0, unknown keys rejected):
/// `{"failFirst": 2, "throttleFirst": 0, "dropFirst": 1, "latencyMilliseconds": 250}`.
public struct EmulatorFaults: Sendable, Codable, Equatable {
    /// The next N token requests are answered 500 `internal_error`.
    public var failFirst: Int
    /// The next N token requests are answered 429 `too_many_requests` with `Retry-After: 1`.
    public var throttleFirst: Int
    /// The next N token requests have their TCP connection closed without any response.
    public var dropFirst: Int
    /// Milliseconds added to every token request before it is answered (or dropped).
    public var latencyMilliseconds: Int

    /// Creates a fault plan; the default injects nothing.
    public init(failFirst: Int = 0, throttleFirst: Int = 0, dropFirst: Int = 0, latencyMilliseconds: Int = 0) {
        self.failFirst = failFirst
        self.throttleFirst = throttleFirst
        self.dropFirst = dropFirst
        self.latencyMilliseconds = latencyMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case failFirst, throttleFirst, dropFirst, latencyMilliseconds
    }

    /// Decodes the JSON form; absent keys are 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            failFirst: try container.decodeIfPresent(Int.self, forKey: .failFirst) ?? 0,
            throttleFirst: try container.decodeIfPresent(Int.self, forKey: .throttleFirst) ?? 0,
            dropFirst: try container.decodeIfPresent(Int.self, forKey: .dropFirst) ?? 0,
            latencyMilliseconds: try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
        )
    }

    /// Whether every counter is zero or positive.
    public var isValid: Bool { [failFirst, throttleFirst, dropFirst, latencyMilliseconds].allSatisfy { $0 >= 0 } }
}
