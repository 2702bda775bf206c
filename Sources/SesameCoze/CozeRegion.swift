/// A Coze deployment. An app, its keys and its tokens exist in exactly one region.
public enum CozeRegion: String, Sendable, CaseIterable, CustomStringConvertible {
    /// China: `https://api.coze.cn`, audience `api.coze.cn`.
    case cn
    /// International: `https://api.coze.com`, audience `api.coze.com`.
    case com

    /// The API base URL.
    public var baseURL: String { "https://\(audience)" }

    /// The JWT `aud` Coze expects.
    public var audience: String {
        switch self {
        case .cn: "api.coze.cn"
        case .com: "api.coze.com"
        }
    }

    /// The other region (for diagnosing a region mix-up).
    public var other: CozeRegion { self == .cn ? .com : .cn }

    /// The region whose audience is `audience`, if any.
    public init?(audience: String) {
        guard let region = Self.allCases.first(where: { $0.audience == audience }) else { return nil }
        self = region
    }

    /// `cn (api.coze.cn)`.
    public var description: String { "\(rawValue) (\(audience))" }
}
