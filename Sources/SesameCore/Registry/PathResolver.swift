import Foundation

/// Resolves user-written paths: `~` expansion and paths relative to the registry's folder.
package enum PathResolver {
    /// `path` with a leading `~` or `~/` replaced by `home`, and made absolute against `directory`.
    package static func resolve(_ path: String, relativeTo directory: String, home: String) -> String {
        var expanded = path
        if expanded == "~" {
            expanded = home
        } else if expanded.hasPrefix("~/") {
            expanded = home + expanded.dropFirst(1)
        }
        if expanded.hasPrefix("/") { return normalize(expanded) }
        return normalize(directory + "/" + expanded)
    }

    /// Removes `.` components, empty components and resolvable `..` components.
    private static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
