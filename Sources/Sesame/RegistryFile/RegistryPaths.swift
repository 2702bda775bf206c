/// Paths as a registry file writes them.
enum RegistryPaths {
    /// `path` relative to `directory` when it is inside it, else `path` as is (absolute).
    static func relative(_ path: String, to directory: String) -> String {
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }
}
