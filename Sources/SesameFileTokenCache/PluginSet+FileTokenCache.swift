import SesameCore

extension SharedTokenStoreFactory {
    /// `{"type": "file", "directory": "~/.cache/sesame"}`: a ``FileTokenStore``. `directory` is
    /// optional (default `$XDG_CACHE_HOME/sesame`, else `~/.cache/sesame`, read through the registry's
    /// context); a relative path resolves against the registry's folder.
    public static let file = SharedTokenStoreFactory(
        type: "file",
        summary: "tokens shared by this user's processes, one 0600 file per key in a 0700 folder (default $XDG_CACHE_HOME/sesame, else ~/.cache/sesame)"
    ) { section in
        if section.rawValue("directory") != nil {
            guard let directory = section.filePath("directory") else { return nil }
            return FileTokenStore(directory: directory)
        }
        let context = section.context
        return FileTokenStore(directory: FileTokenStore.defaultDirectory(environment: context.environment, homeDirectory: context.homeDirectory))
    }
}

extension PluginSet {
    /// Registers the `file` token cache type.
    public mutating func registerFileTokenCache() {
        register(SharedTokenStoreFactory.file)
    }
}
