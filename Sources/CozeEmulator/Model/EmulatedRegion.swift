/// A Coze region the emulator impersonates, and the JWT `aud` Coze requires there.
///
/// The emulator keeps its own table, copied from Coze's documentation rather than from the client's
/// `CozeRegion`: it is the oracle the client is tested against, so a mistake in the client's table must
/// fail the tests instead of being shared by both sides.
public enum EmulatedRegion: String, Sendable, CaseIterable, CustomStringConvertible {
    /// China: Coze serves it at `https://api.coze.cn` and requires `aud` `api.coze.cn`.
    case cn
    /// International: Coze serves it at `https://api.coze.com` and requires `aud` `api.coze.com`.
    case com

    /// The JWT `aud` Coze requires in this region.
    public var audience: String {
        switch self {
        case .cn: "api.coze.cn"
        case .com: "api.coze.com"
        }
    }

    /// `cn (api.coze.cn)`.
    public var description: String { "\(rawValue) (\(audience))" }
}
