import Foundation
import SesameCore

extension ProviderFactory {
    /// `coze-access-token`: a Coze personal or service access token read from a key store.
    ///
    /// Keys: `token` (`{"store", "name"}`, required), and optionally `region` (`cn` or `com`,
    /// default `cn`), `baseURL`, and either `expiresAt` (RFC 3339, e.g. `"2026-12-01T00:00:00Z"`) or
    /// `lifetime` (seconds, 60-31536000), and `timeout` (seconds a doctor's API check may take, default
    /// 10). Without `expiresAt` or `lifetime` the token has no known expiry.
    public static let cozeAccessToken = ProviderFactory(
        type: "coze-access-token",
        summary: "a Coze personal or service access token from a key store (development, or a job without a JWT app)"
    ) { section, name in
        let token = section.keyReference("token", required: true)
        let region = section.contains("region")
            ? section.choice("region", from: CozeRegion.allCases.map(\.rawValue)).flatMap(CozeRegion.init(rawValue:))
            : .cn
        let baseURL = section.url("baseURL")
        let expiry = readExpiry(section)
        let timeout = section.exchangeTimeout()
        guard let token, let region, let expiry else { return nil }
        let configuration = CozeAccessTokenConfiguration(token: token, region: region, baseURL: baseURL, expiry: expiry, timeout: timeout)
        return CozeAccessTokenProvider(name: name, configuration: configuration)
    }

    private static func readExpiry(_ section: ConfigSection) -> CozeAccessTokenConfiguration.Expiry? {
        let lifetime = section.integer("lifetime", in: 60...31_536_000)
        let text = section.string("expiresAt")
        if section.contains("lifetime") && section.contains("expiresAt") {
            section.report("lifetime", "set expiresAt (the token's fixed expiry) or lifetime (seconds from each read), not both")
            return nil
        }
        if let text {
            guard let date = try? Date(text, strategy: .iso8601) else {
                section.report("expiresAt", "expected an RFC 3339 time such as \"2026-12-01T00:00:00Z\", got \"\(text.prefix(40))\"")
                return nil
            }
            return .at(date)
        }
        if let lifetime { return .lifetime(lifetime) }
        // A present but invalid value has been reported already.
        return section.contains("lifetime") || section.contains("expiresAt") ? nil : .never
    }
}
