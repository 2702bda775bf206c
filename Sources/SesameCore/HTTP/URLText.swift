/// URLs as messages and log lines may show them.
package enum URLText {
    /// `scheme://host:port` of `url`: no user information, path, query or fragment.
    package static func origin(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        return String(url[..<schemeEnd.upperBound]) + host
    }

    /// `url` without user information, query or fragment, which may carry credentials.
    package static func withoutCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return String(url.prefix { $0 != "?" && $0 != "#" }) }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let path = rest[authorityEnd...].prefix { $0 != "?" && $0 != "#" }
        return origin(url) + path
    }
}
