import ArgumentParser

/// `sesame vault`: the encrypted key vault.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the encrypted-at-rest key vault (libsodium).",
        discussion: """
        One file holds named secrets (PEM private keys, opaque values), encrypted with a random data key \
        that a passphrase wraps (Argon2id + XChaCha20-Poly1305). The vault is --vault FILE, else \
        $SESAME_VAULT, else ~/.config/sesame/vault. The passphrase comes from the file named by \
        $SESAME_VAULT_PASSPHRASE_FILE, else $SESAME_VAULT_PASSPHRASE, else the terminal. \
        Reference a vault entry from providers.json with
          "keyStores": { "vault": { "type": "sodium-vault", "path": "~/.config/sesame/vault" } }

        Examples:
          sesame vault init
          sesame vault put coze-cn --from-file coze-cn.pem
          sesame vault list
          sesame vault get coze-cn > /tmp/key.pem
          sesame vault passwd --rotate-key
        """,
        subcommands: [
            VaultInitCommand.self,
            VaultPutCommand.self,
            VaultGetCommand.self,
            VaultListCommand.self,
            VaultRemoveCommand.self,
            VaultPasswdCommand.self,
            VaultVerifyCommand.self,
        ]
    )
}
