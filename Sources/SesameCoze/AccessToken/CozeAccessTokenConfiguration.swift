import Foundation
import SesameCore

/// A Coze personal or service access token (`pat_…`, `sat_…`) kept in a key store: what a
/// ``CozeAccessTokenProvider`` hands out.
public struct CozeAccessTokenConfiguration: Sendable {
    /// How long the token is valid.
    public enum Expiry: Sendable, Equatable {
        /// No known expiry (a token created without one).
        case never
        /// Expires at this instant (as shown when the token was created).
        case at(Date)
        /// Valid for this many seconds from each read: a token that a job rotates on a schedule.
        case lifetime(Int)
    }

    /// Where the token is.
    public var token: KeyReference
    /// The region the token belongs to; ``baseURL`` follows it unless overridden.
    public var region: CozeRegion
    /// An endpoint to use instead of the region's (a proxy, the emulator), or `nil`.
    public var baseURLOverride: String?
    /// When the token expires.
    public var expiry: Expiry
    /// How long a check against the API (``CozeDoctor``) may take.
    public var timeout: Duration

    /// Creates a configuration; `baseURL` is an override, `nil` to follow the region.
    public init(token: KeyReference, region: CozeRegion = .cn, baseURL: String? = nil, expiry: Expiry = .never, timeout: Duration = .seconds(10)) {
        self.token = token
        self.region = region
        self.baseURLOverride = baseURL
        self.expiry = expiry
        self.timeout = timeout
    }

    /// The API base: ``baseURLOverride``, else the region's.
    public var baseURL: String { baseURLOverride ?? region.baseURL }
}
