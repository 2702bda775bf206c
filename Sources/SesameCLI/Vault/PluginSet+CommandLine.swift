import Sesame
import SesamePostgresCache
import SesameVault

extension PluginSet {
    /// The built-in plugins and the `postgres` token cache, with `sodium-vault` stores given the CLI's extra passphrase sources (the
    /// file named by `$SESAME_VAULT_PASSPHRASE_FILE`, then the terminal) and
    /// `$SESAME_VAULT_ALLOW_INSECURE`: the same sources as `sesame vault`. The library's own factory
    /// consults neither, so a server never waits on a terminal.
    static var commandLine: PluginSet {
        let builtIn = PluginSet.builtIn
        let vault = KeyStoreFactory.sodiumVault(
            passphraseFileVariable: PassphraseResolver.defaultFileVariable,
            prompt: TerminalPrompt.ask,
            allowInsecurePermissions: VaultOptions.allowsInsecurePermissions
        )
        var plugins = PluginSet()
        for factory in builtIn.providers.values { plugins.register(factory) }
        for factory in builtIn.keyStores.values where factory.type != vault.type { plugins.register(factory) }
        for factory in builtIn.tokenStores.values { plugins.register(factory) }
        for pattern in builtIn.inlineSecretPatterns { plugins.register(pattern) }
        plugins.register(vault)
        plugins.registerPostgresTokenCache()
        return plugins
    }
}
