import Foundation

/// What a base URL says about where it points: a region's API, a region's website (the console,
/// `coze_www_base`), or another host such as a proxy or the emulator.
///
/// The SDKs' settings name both an API base (`COZE_API_BASE`, `coze_api_base`) and a website base
/// (`coze_www_base`); pasting one for the other is a common mistake that ends in a 404 or an HTML page.
public struct CozeAPIBase: Sendable, Equatable, CustomStringConvertible {
    /// Where a base URL points.
    public enum Kind: Sendable, Equatable {
        /// The region's API host (`api.coze.cn`, `api.coze.com`).
        case api(CozeRegion)
        /// The region's website (`www.coze.cn`, `coze.com`, ...): not an API base.
        case website(CozeRegion)
        /// Any other host.
        case other
    }

    /// The URL as given, without a trailing slash.
    public let url: String
    /// Its host, lowercased.
    public let host: String
    /// Where it points.
    public let kind: Kind

    /// Reads `url`; `nil` when it is not an absolute http(s) URL with a host.
    public init?(_ url: String) {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.url = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
        self.host = host
        if let region = CozeRegion.allCases.first(where: { $0.audience == host }) {
            kind = .api(region)
        } else if let region = CozeRegion.allCases.first(where: { host == "coze.\($0.rawValue)" || host == "www.coze.\($0.rawValue)" }) {
            kind = .website(region)
        } else {
            kind = .other
        }
    }

    /// The region the host belongs to, for an API or website host.
    public var region: CozeRegion? {
        switch kind {
        case .api(let region), .website(let region): region
        case .other: nil
        }
    }

    /// The URL.
    public var description: String { url }
}
